"""The app's own modules: what only the Streamlit app (``app.py``) needs.

* :mod:`geoplan.app.view`: the app's view as a value (URL parameters, widget
  values, map clicks);
* :mod:`geoplan.app.panels`: what the panels offer and show (choices from the
  data, comparison tables);
* :mod:`geoplan.app.exports`: the files the app offers for download.

The library (everything else in :mod:`geoplan`) never imports these.
"""
