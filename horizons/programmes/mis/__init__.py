"""Class lists read from a school's MIS through an integration service (OneRoster 1.1 REST or
Wonde). Pure package: no Django. Each connector yields the same ``records.MisPupil`` (external
id, first name, last initial, year group, class) and nothing else: UPN, date of birth, address
and every other field of the MIS are never read out of the response (see ``records``).
"""
