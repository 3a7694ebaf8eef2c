package dev.ddbimport.service.stack;

/** A port the stack needs is taken; the message names the port, the part of the stack and the flag. */
public final class PortInUseException extends IllegalStateException {

    private final int port;

    public PortInUseException(int port, String component, String flag, Throwable cause) {
        super(
                "Port " + port + " is already in use, so the embedded " + component + " cannot listen on it: stop"
                        + " what is using it (perhaps another ddbimport stack), or choose another port with "
                        + flag + ".",
                cause);
        this.port = port;
    }

    public int port() {
        return port;
    }
}
