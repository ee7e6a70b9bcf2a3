"""The app's own modules: what only the Streamlit app (``app.py``) needs.

Pure modules, testable without Streamlit:

* :mod:`geoplan.app.view`: the app's view as a value (URL parameters, widget
  values, map clicks);
* :mod:`geoplan.app.panels`: what the panels offer and show (choices from the
  data, comparison tables);
* :mod:`geoplan.app.exports`: the files the app offers for download;
* :mod:`geoplan.app.reading`: plan text as a planner reads it beside the map (the
  cited lines among their neighbours, the whole plan, searched words marked);
* :mod:`~geoplan.app.boundary_view`, :mod:`~geoplan.app.upload_view`,
  :mod:`~geoplan.app.compare_view`: what the digitizing, upload and comparison
  tabs show.

Streamlit sections of the page, each a few widgets over library calls:

* :mod:`~geoplan.app.cache` (work shared by every session),
  :mod:`~geoplan.app.mapframe` (streamlit-folium, each map rendered once),
  :mod:`~geoplan.app.warm` (the caches filled when the server starts: ``serve.py``),
  :mod:`~geoplan.app.session` (the view in ``st.session_state`` and the events),
  :mod:`~geoplan.app.layout` (page CSS);
* :mod:`~geoplan.app.sidebar`, :mod:`~geoplan.app.mapview`,
  :mod:`~geoplan.app.details`, :mod:`~geoplan.app.tabs` (the tabs under the map;
  :mod:`~geoplan.app.boundary_tab`, :mod:`~geoplan.app.upload_tab` and
  :mod:`~geoplan.app.compare_tab` are three of them).

``app.py`` lays these out. The library (everything else in :mod:`geoplan`)
never imports this package.
"""
