"""Errors of the e-book library."""

from __future__ import annotations

from backend.core.errors import Conflict, NotFound


class BookNotFound(NotFound):
    code, message = "book_not_found", "No such book in the catalog."


class LoanNotFound(NotFound):
    code, message = "loan_not_found", "No such loan."


class HoldNotFound(NotFound):
    code, message = "hold_not_found", "No such hold."


class NoCopyAvailable(Conflict):
    code = "no_copy_available"
    message = "Every licensed copy is on loan; place a hold to get the next free one."


class AlreadyBorrowed(Conflict):
    code, message = "already_borrowed", "You already have this book on loan."


class AlreadyOnHold(Conflict):
    code, message = "already_on_hold", "You are already in this book's holds queue."


class CopyAvailable(Conflict):
    code, message = "copy_available", "A copy is free now: borrow it instead of placing a hold."


class LoanLimitReached(Conflict):
    code, message = "loan_limit_reached", "You have the most loans allowed; return one first."


class HoldLimitReached(Conflict):
    code, message = "hold_limit_reached", "You have the most holds allowed; cancel one first."
