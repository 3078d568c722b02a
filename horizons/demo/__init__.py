"""The demo region: one hub, 70 schools, 30 employers, 120 volunteers, a login per role, and a
year of audits, encounters, programmes and labour-market figures for them.

Installed only in development and tests (settings add ``horizons.demo`` to INSTALLED_APPS when
``HORIZONS_DEMO`` is on, which it never is in production), as Zulip keeps ``populate_db`` out of
production. The product never imports this package; it imports the product.

- ``region`` — the invented people and organisations, generated deterministically; no Django.
- ``seed`` — ``seed_demo_region()`` writes them, then each app's demo data in turn:
  ``careers`` (labour-market figures), ``benchmarks`` (audits, plans, hub records),
  ``encounters`` (offers, Aspirations Week, events, bookings, feedback) and ``programmes``
  (cohorts, pupils, assessments, reflections).
- ``management/commands/seed_demo`` — ``manage.py seed_demo [--if-empty]`` (``make demo``).
- ``data/labour_market_demo.csv`` — invented labour-market figures for the demo area.
"""
