"""A single-file Django + djangorestframework-simplejwt resource server for Rotor's interop test.

Run with Debian's interpreter: /usr/bin/python3 app.py. Environment: ROTOR_SIMPLEJWT_KEY (Rotor's simplejwt
signing key, used as SIGNING_KEY), INTEROP_USER (a username that is also the user's Rotor id). Binds a free
loopback port and prints one JSON line: {"port": N, "refresh": "<a refresh token simplejwt signed for the user>"}.
GET /protected/ answers {"user": "<username>"} to a request with a valid access token, 401 otherwise.
"""
import json
import os
import sys

import django
from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="interop-test-only",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=[
        "django.contrib.auth",
        "django.contrib.contenttypes",
        "rest_framework",
    ],
    MIDDLEWARE=[],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    USE_TZ=True,
    REST_FRAMEWORK={
        "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework_simplejwt.authentication.JWTAuthentication"],
        "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
        "UNAUTHENTICATED_USER": None,
    },
    SIMPLE_JWT={
        "ALGORITHM": "HS256",
        "SIGNING_KEY": os.environ["ROTOR_SIMPLEJWT_KEY"],
        # Rotor's user ids are strings; the username is the Django field that holds the same string.
        "USER_ID_FIELD": "username",
        "USER_ID_CLAIM": "user_id",
    },
)
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.urls import path  # noqa: E402
from rest_framework.response import Response  # noqa: E402
from rest_framework.views import APIView  # noqa: E402
from rest_framework_simplejwt.tokens import RefreshToken  # noqa: E402


class Protected(APIView):
    def get(self, request):
        return Response({"user": request.user.get_username()})


urlpatterns = [path("protected/", Protected.as_view())]


def main():
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    from django.core.wsgi import get_wsgi_application

    # One thread only: the in-memory database lives in this thread's connection.
    call_command("migrate", run_syncdb=True, verbosity=0)
    user = get_user_model().objects.create_user(username=os.environ["INTEROP_USER"], password="unused-here")

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = make_server("127.0.0.1", 0, get_wsgi_application(), handler_class=Quiet)
    print(json.dumps({"port": server.server_port, "refresh": str(RefreshToken.for_user(user))}), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
