"""REST endpoints for tokens: sign in with a password (locked out like the portal), sign out
(revokes the token used), and the caller's own tokens, listed and revocable."""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_logged_in
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from common.viewsets import VisibleMixin

from ..models import ApiToken
from ..querysets import ApiTokenQuerySet
from .authentication import PortalTokenAuthentication
from .lockout import lockout_message
from .services import api_token_issue, api_token_revoke

LOCKED_OUT = inline_serializer("LoginLockedOut", {"detail": serializers.CharField()})


class LoginSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150, trim_whitespace=False)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)
    name = serializers.CharField(max_length=100, required=False, allow_blank=True)


class IssuedTokenSerializer(serializers.ModelSerializer[ApiToken]):
    token = serializers.CharField(read_only=True)

    class Meta:
        model = ApiToken
        fields = ["id", "name", "token", "created", "expiry"]


class ApiTokenSerializer(serializers.ModelSerializer[ApiToken]):
    session_bound = serializers.BooleanField(read_only=True)
    current = serializers.SerializerMethodField()

    class Meta:
        model = ApiToken
        fields = ["id", "name", "created", "last_used", "expiry", "session_bound", "current"]

    def get_current(self, token: ApiToken) -> bool:
        request = self.context.get("request")
        return bool(getattr(getattr(request, "auth", None), "pk", None) == token.pk)


class LoginView(APIView):
    """Exchange a username and password for a token (expires after API_TOKEN_TTL_DAYS)."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=LoginSerializer,
        responses={
            200: IssuedTokenSerializer,
            400: OpenApiResponse(description="Wrong username or password, or bad input."),
            429: OpenApiResponse(
                LOCKED_OUT, description="Too many failures for this username from this address."
            ),
        },
    )
    def post(self, request: Request) -> Response:
        data = LoginSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request=request,
            username=data.validated_data["username"],
            password=data.validated_data["password"],
        )
        if getattr(request, "axes_locked_out", False):
            return Response({"detail": lockout_message(request)}, status=429)
        # The project's user model is Django's own: any user a backend answers is a User.
        if not isinstance(user, User):
            raise serializers.ValidationError(
                {"non_field_errors": [_("Sai tên đăng nhập hoặc mật khẩu.")]}
            )
        token, secret = api_token_issue(user=user, name=data.validated_data.get("name", ""))
        # As django.contrib.auth.login() would: last_login, and axes resets the failures.
        user_logged_in.send(sender=type(user), request=request, user=user)
        token.token = secret
        return Response(IssuedTokenSerializer(token).data)


class LogoutView(APIView):
    """Revoke the token this request is authenticated with."""

    authentication_classes = [PortalTokenAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        # PortalTokenAuthentication, this view's only authenticator, sets its ApiToken.
        api_token_revoke(token=cast(ApiToken, request.auth))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ApiTokenViewSet(
    VisibleMixin[ApiToken],
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[ApiToken],
):
    """The caller's own live tokens; DELETE revokes one (another user's is a 404)."""

    queryset = ApiToken.objects.all()
    serializer_class = ApiTokenSerializer

    def visible(self, queryset: QuerySet[ApiToken]) -> QuerySet[ApiToken]:
        """The caller's own, superusers included (visible_to shows them everyone's)."""
        # knox's untyped base hides ApiToken's manager from the plugin: name its queryset.
        return cast(ApiTokenQuerySet, queryset).owned_by(self.request.user).alive()

    def perform_destroy(self, instance: ApiToken) -> None:
        api_token_revoke(token=instance)
