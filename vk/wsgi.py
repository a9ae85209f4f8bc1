from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vk.settings")
# The web process binds each request to the user's centre (row-level security);
# other processes (worker, commands) work for all centres. See vk/lib/rls.py.
os.environ["VK_PROCESS"] = "web"

application = get_wsgi_application()
