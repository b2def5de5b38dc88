"""Adapters: the implementations of the ports the domain cores declare.

This is the only layer that reads the system clock or touches files, databases or networks. It
is organised by one principle, the technology or format an adapter speaks:

- :mod:`~medoffice.adapters.memory`: in-memory repositories, logs and reference-data doubles,
  and :class:`~medoffice.adapters.memory.InMemoryStore`, all of them behind one unit of work;
- :mod:`~medoffice.adapters.sqlite`: the embedded database, one file for every repository, whose
  units of work commit in one transaction;
- :mod:`~medoffice.adapters.postgres`: the same repositories on a PostgreSQL server, a schema per
  practice (the ``postgres`` extra); :mod:`~medoffice.adapters.databases` opens either by URL;
- :mod:`~medoffice.adapters.reference`: the loaders of the official CDC and CMS files;
- :mod:`~medoffice.adapters.formats`: file formats read and written (X12 837P, the practice and
  budget files, rosters, FHIR, iCalendar, beancount);
- :mod:`~medoffice.adapters.bridges`: one domain's port answered from another part;
- :mod:`~medoffice.adapters.solvers`: SciPy allocation and the no-show model;
- :mod:`~medoffice.adapters.calendars`: days off, listed or from the ``holidays`` package;
- :mod:`~medoffice.adapters.clock`: the system clock.
"""

from __future__ import annotations

__all__: list[str] = []
