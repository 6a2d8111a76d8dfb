from backend.core.errors import AppError, Conflict, Forbidden, NotFound


class MessageRejected(AppError):
    status, code = 422, "message_rejected"
    message = "This message breaks the code of ethics and was not sent."
    # What auto-escalation recorded (a strike, perhaps a mute) must survive the refusal.
    commit_before_raise = True


class Muted(Forbidden):
    code, message = "muted", "You are muted and cannot send messages for now."


class ConversationNotFound(NotFound):
    code, message = "conversation_not_found", "No such conversation."


class MessageNotFound(NotFound):
    code, message = "message_not_found", "No such message."


class CannotBlockSelf(AppError):
    status, code, message = 422, "cannot_block_self", "You cannot block yourself."


class CallNotFound(NotFound):
    code, message = "call_not_found", "No such call, or it has ended."


class DuplicateClientMessageId(Conflict):
    code = "duplicate_client_msg_id"
    message = "This client_msg_id was already used for another message; use a fresh one."


class DirectMessageRestricted(Forbidden):
    code = "dm_restricted"
    message = "You cannot message this person directly."
