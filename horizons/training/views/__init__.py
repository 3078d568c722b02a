"""Staff training pages: hub.py for facilitators running sessions, school.py for school staff
booking them and for the school's CPD record."""
