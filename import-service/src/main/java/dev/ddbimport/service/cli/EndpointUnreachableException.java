package dev.ddbimport.service.cli;

import java.net.URI;

/** Nothing answered at the endpoint (refused, timed out, reset). */
final class EndpointUnreachableException extends RuntimeException {

    EndpointUnreachableException(URI endpoint, Exception cause) {
        super(
                "Could not connect to the endpoint URL: \"" + endpoint + "\" (" + describe(cause)
                        + "). Is the service running? Start one with: ddbimport serve --embedded; or point --endpoint-url at it.",
                cause);
    }

    private static String describe(Exception cause) {
        String m = cause.getMessage();
        return cause.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }
}
