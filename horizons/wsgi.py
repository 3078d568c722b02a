import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "horizons.settings")
application = get_wsgi_application()

# Build the careers matcher (about 0.4 s) while the worker starts, not on a child's first
# search. Only here: management commands and tests do not pay for it.
from horizons.careers.matching import default_matcher  # noqa: E402

default_matcher()
