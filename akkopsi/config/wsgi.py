import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "akkopsi.config.settings")
application = get_wsgi_application()

from akkopsi.core.warmup import warm_up  # noqa: E402  (after the settings and the apps)

warm_up()  # resolvers and templates built before the worker serves (ADR 60)
