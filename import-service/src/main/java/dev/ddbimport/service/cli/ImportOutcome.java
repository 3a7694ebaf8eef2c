package dev.ddbimport.service.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads an ImportTableDescription's status: has it ended, and which exit status does its end mean. */
final class ImportOutcome {
    private ImportOutcome() {}

    static boolean ended(JsonNode description) {
        return ended(description.path("ImportStatus").asText());
    }

    static boolean ended(String status) {
        return status.equals("COMPLETED") || status.equals("FAILED") || status.equals("CANCELLED");
    }

    static int exitStatus(JsonNode description) {
        return switch (description.path("ImportStatus").asText()) {
            case "COMPLETED" -> DdbImportCli.EXIT_OK;
            case "FAILED" -> DdbImportCli.EXIT_INPUT_ERRORS;
            case "CANCELLED" -> DdbImportCli.EXIT_CANCELLED;
            default -> DdbImportCli.EXIT_TIMEOUT;
        };
    }
}
