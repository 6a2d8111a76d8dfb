from backend.core.errors import AppError, Conflict, Forbidden, NotFound, Unauthorized


class EmailTaken(Conflict):
    code, message = "email_taken", "An account with this email address already exists."


class WeakPassword(AppError):
    status, code = 422, "weak_password"
    message = "This password is too common or too easy to guess; choose another."


class UnsupportedLocale(AppError):
    status, code = 422, "unsupported_locale"
    message = "This language is not offered here; GET /translation/languages lists those that are."


class InvalidCredentials(Unauthorized):
    code, message = "invalid_credentials", "The email address or password is wrong."


class SignedOutAfterFailures(InvalidCredentials):
    message = "The current password is wrong, too often: this device has been signed out."
    # The revoked device session must be persisted even though the request fails.
    commit_before_raise = True


class InvalidToken(Unauthorized):
    code, message = "invalid_token", "The token is invalid, expired or revoked."


class RefreshTokenReused(Unauthorized):
    code = "refresh_token_reused"
    message = "This refresh token was already used; the session has been signed out."
    # The revoked family must be persisted even though the request fails.
    commit_before_raise = True


class AccountDisabled(Forbidden):
    code, message = "account_disabled", "This account is suspended, banned or deleted."


class UserNotFound(NotFound):
    code, message = "user_not_found", "No such user."


class LastAdmin(Conflict):
    code, message = "last_admin", "The last administrator cannot lose the admin role."


class RoleNotGrantable(AppError):
    status, code = 422, "role_not_grantable"
    message = "This role cannot be granted or revoked."


class DisplayNameReserved(AppError):
    status, code = 422, "display_name_reserved"
    message = (
        "This display name passes for the city's staff (a reserved word, or a staff member's "
        "name); choose another."
    )
