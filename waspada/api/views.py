"""The base every Waspada API view builds on."""

from __future__ import annotations

from rest_framework import viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication

from waspada.api.permissions import ScopedAccess
from waspada.api.schema import WaspadaAutoSchema

# Token first: DRF takes the WWW-Authenticate challenge from the first class, so an
# unauthenticated call answers 401 (as documented) rather than 403.
API_AUTHENTICATION_CLASSES = [TokenAuthentication, SessionAuthentication]


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Read-only regional data: token or session, MFA gate, scope through ``access``."""

    authentication_classes = API_AUTHENTICATION_CLASSES
    permission_classes = [ScopedAccess]
    schema = WaspadaAutoSchema()
    waspada_access = "scoped"


class ScopedViewSet(viewsets.GenericViewSet):
    """Regional data that can also be written: the same authentication, MFA gate, schema and
    marker as ``ScopedReadOnlyViewSet``; subclasses pick their actions (mixins or @action),
    and every write goes through the app's services."""

    authentication_classes = API_AUTHENTICATION_CLASSES
    permission_classes = [ScopedAccess]
    schema = WaspadaAutoSchema()
    waspada_access = "scoped"
