from backend.core.errors import AppError, Conflict, Forbidden, InvalidRequest, NotFound


class RrnNotAllowed(InvalidRequest):
    code = "rrn_not_allowed"
    message = "Resident registration numbers are never stored; remove it and try again."


class InvalidPhone(InvalidRequest):
    code, message = "invalid_phone", "The phone number is not valid."


class DocumentNotFound(NotFound):
    code, message = "document_not_found", "No such document."


class DocumentPurged(NotFound):
    code, message = "document_purged", "This document's file has been deleted."


class UnsupportedDocumentType(AppError):
    status, code = 415, "unsupported_document_type"
    message = "Only PDF, JPEG and PNG documents are accepted."


class DocumentTooLarge(AppError):
    status, code, message = 413, "payload_too_large", "The document is too large."


class DocumentAlreadyDecided(Conflict):
    code, message = "document_already_decided", "This document has already been decided."


class SelfVerification(Forbidden):
    code, message = "self_verification", "Staff cannot verify their own documents."


class NotAVerifier(Forbidden):
    code, message = "not_a_verifier", "Only officials with document verification may do this."


class VerifierNotOfficial(InvalidRequest):
    code, message = "verifier_not_official", "Only officials can be document verifiers."


class ConsentRequired(Conflict):
    code, message = "consent_required", "This consent is required to use the service."


class StaleTermsVersion(Conflict):
    code, message = "stale_terms_version", "These terms have changed; read the current version."


class GuardianRequired(InvalidRequest):
    code = "guardian_required"
    message = "Users under 14 need a guardian's consent: give the guardian's name and contact."


class InvalidGuardianToken(NotFound):
    code, message = "invalid_guardian_token", "This confirmation link is invalid or expired."


class CaseRequired(InvalidRequest):
    code = "case_required"
    message = (
        "Officials read personal data only for a civil request they work on: give ?request=<id>."
    )


class PurposeRequired(InvalidRequest):
    code, message = "purpose_required", "State why the data is read: give ?purpose=<text>."


class CaseMismatch(Forbidden):
    code, message = "case_mismatch", "That request was not filed by this citizen."


class CaseClosed(Conflict):
    code, message = "case_closed", "That request is closed: its personal data is no longer open."
