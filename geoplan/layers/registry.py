"""The registry of layers: every layer of ``layers/``, by id and alias."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from geoplan._paths import LAYERS
from geoplan.errors import DataFileError, UnknownNameError
from geoplan.layers.read import read_spec
from geoplan.layers.spec import GroupingSpec, LayerSpec, MemberRef

__all__ = ["Registry"]


class Registry:
    """All layers of ``layers/``, by id and alias.

    Parameters
    ----------
    specs
        The layer specs; ids and aliases must be unique across them.
    """

    def __init__(self, specs: list[LayerSpec]) -> None:
        self._specs: dict[str, LayerSpec] = {}
        self._names: dict[str, str] = {}
        for spec in specs:
            for name in (spec.id, *spec.aliases):
                if name in self._names and self._names[name] != spec.id:
                    msg = (
                        f"layer name {name!r} is used by both {self._names[name]!r} and "
                        f"{spec.id!r} ({spec.path}); rename one"
                    )
                    raise DataFileError(msg)
                self._names[name] = spec.id
            self._specs[spec.id] = spec

    @classmethod
    def load(cls, directory: str | Path = LAYERS) -> Registry:
        """Read every ``*.toml`` in ``directory``."""
        files = sorted(Path(directory).glob("*.toml"))
        if not files:
            msg = f"no layer files (*.toml) in {directory}"
            raise DataFileError(msg)
        return cls([read_spec(f) for f in files])

    def __iter__(self) -> Iterator[LayerSpec]:
        return iter(self._specs.values())

    def __len__(self) -> int:
        return len(self._specs)

    def ids(self, kind: str | None = None) -> list[str]:
        """Return the layer ids, optionally only those of one kind."""
        return [s.id for s in self._specs.values() if kind is None or s.kind == kind]

    def grouping(self, name: str) -> GroupingSpec:
        """Return the grouping called ``name`` (its id or an alias).

        Raises
        ------
        UnknownNameError
            If no layer has that name, or it is a record layer.
        """
        spec = self.get(name)
        if not isinstance(spec, GroupingSpec):
            known = ", ".join(self.ids("grouping"))
            msg = f"{name!r} is a {spec.kind} layer, not a grouping; groupings: {known}"
            raise UnknownNameError(msg)
        return spec

    def find_member(self, name: str, grouping: str | None = None) -> MemberRef | None:
        """Return the member called ``name`` (or an alias), in one grouping or any.

        Returns ``None`` when no grouping has such a member (the name may be a
        place instead).

        Raises
        ------
        UnknownNameError
            If ``grouping`` has no such member, or several groupings have a
            member of that name with different extents (the message lists them).
        """
        specs = [self.grouping(grouping)] if grouping else self.groupings()
        found = [(s, m) for s in specs for m in s.members if name in (m.name, *m.aliases)]
        if not found:
            if grouping:
                msg = f"grouping {grouping!r} has no member {name!r}"
                raise UnknownNameError(msg)
            return None
        if len({m.units for _, m in found}) > 1:
            options = ", ".join(f"{s.id}/{m.name}" for s, m in found)
            msg = (
                f"{name!r} is a member of several groupings with different extents; "
                f"use one of: {options}"
            )
            raise UnknownNameError(msg)
        spec, member = found[0]
        return MemberRef(spec.id, member.name)

    def groupings(self) -> list[GroupingSpec]:
        """Return the groupings, in registry order."""
        return [s for s in self._specs.values() if isinstance(s, GroupingSpec)]

    def get(self, name: str) -> LayerSpec:
        """Return the layer called ``name`` (its id or an alias).

        Raises
        ------
        UnknownNameError
            Listing the known layer ids.
        """
        key = name.strip()
        if key not in self._names:
            msg = f"no layer called {name!r}; known layers: {', '.join(self.ids())}"
            raise UnknownNameError(msg)
        return self._specs[self._names[key]]
