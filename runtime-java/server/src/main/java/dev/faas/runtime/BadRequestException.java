package dev.faas.runtime;

/** The call's input cannot be given to the function (e.g. malformed JSON); answered with 400. */
final class BadRequestException extends Exception {

    BadRequestException(String message) {
        super(message, null, false, false);
    }
}
