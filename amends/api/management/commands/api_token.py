"""``amends api_token create USERNAME --name NAME``, ``… revoke PREFIX``, ``… list``: API tokens.

``create`` prints the new token's secret alone on stdout (so ``TOKEN=$(amends api_token create …)``
works) and what to do with it on stderr. The secret is shown this once: the database keeps only its
SHA-256, and the first characters (the prefix) that ``list`` shows and ``revoke`` takes. The lines are
in English whatever the locale, for scripts and logs; the changes are made by the services, as the
system, with their audit events.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser, no_translations
from django.utils import timezone

from amends.api import selectors, services
from amends.api.models import ApiToken


def _message(error: ValidationError) -> str:
    return "; ".join(error.messages)


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "-"


class Command(BaseCommand):
    help = (
        "API tokens: 'create' one for a staff user (its secret is printed once), 'revoke' one, 'list' them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        operations = parser.add_subparsers(dest="operation", required=True)
        create = operations.add_parser("create", help="create a token and print its secret once")
        create.add_argument("username", help="the staff user the token acts as")
        create.add_argument("--name", required=True, help="what the token is for")
        revoke = operations.add_parser("revoke", help="revoke a token, named by its prefix")
        revoke.add_argument("prefix", help="the token's first characters, as 'list' shows them")
        operations.add_parser("list", help="list tokens: prefix, user, name, created, last used, revoked")

    @no_translations
    def handle(self, *args, operation: str, **options) -> None:
        getattr(self, f"_{operation}")(**options)

    def _create(self, *, username: str, name: str, **options) -> None:
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"no user {username!r}") from None
        try:
            created = services.api_token_create(by=None, user=user, name=name)
        except ValidationError as error:
            raise CommandError(_message(error)) from None
        self.stdout.write(created.secret)
        self.stderr.write(
            f"Token {created.token.prefix} for {username} ({created.token.name}). Copy it now: it is not "
            f"shown again. Send it as 'Authorization: Bearer <token>'; revoke it with "
            f"'amends api_token revoke {created.token.prefix}'."
        )

    def _revoke(self, *, prefix: str, **options) -> None:
        try:
            token = selectors.api_token_get(prefix=prefix)
        except ApiToken.DoesNotExist:
            raise CommandError(f"no token with prefix {prefix!r}") from None
        try:
            services.api_token_revoke(by=None, token=token)
        except ValidationError as error:
            raise CommandError(_message(error)) from None
        self.stdout.write(f"Token {token.prefix} of {token.user.get_username()} ({token.name}) revoked.")

    def _list(self, **options) -> None:
        for token in selectors.api_tokens():
            self.stdout.write(
                "\t".join(
                    [
                        token.prefix,
                        token.user.get_username(),
                        token.name,
                        f"created {_when(token.created_at)}",
                        f"last used {_when(token.last_used_at)}",
                        f"revoked {_when(token.revoked_at)}" if token.revoked_at else "active",
                    ]
                )
            )
