package dev.ddbimport.service.endpoint;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbimport.core.model.ImportTableRequest;
import dev.ddbimport.core.model.ModelJson;
import dev.ddbimport.service.imports.ImportPage;
import dev.ddbimport.service.imports.ImportRecord;
import dev.ddbimport.service.imports.ImportService;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The operations the endpoint answers itself: ImportTable, DescribeImport, ListImports and our
 * CancelImport ({@code {"ImportArn": …}} → {@code {"ImportTableDescription": …}}, like DescribeImport).
 * Reads the AWS JSON 1.0 body, calls {@link ImportService}, writes the response body.
 */
final class ImportOperations {

    static final Set<String> NAMES = Set.of("ImportTable", "DescribeImport", "ListImports", "CancelImport");

    private final ImportService service;
    private final ImportJson json;

    ImportOperations(ImportService service) {
        this.service = service;
        this.json = new ImportJson(service.settings());
    }

    /** DescribeImport's and CancelImport's request. */
    record ImportArnRequest(@JsonProperty("ImportArn") String importArn) {}

    /** ListImports' request. */
    record ListImportsRequest(
            @JsonProperty("TableArn") String tableArn,
            @JsonProperty("PageSize") Integer pageSize,
            @JsonProperty("NextToken") String nextToken) {}

    /** The response body of operation {@code name}; throws the API's errors. */
    byte[] handle(String name, byte[] body) {
        ObjectNode response = ModelJson.mapper().createObjectNode();
        switch (name) {
            case "ImportTable" ->
                response.set(
                        "ImportTableDescription",
                        json.description(service.importTable(read(body, ImportTableRequest.class))));
            case "DescribeImport" ->
                response.set(
                        "ImportTableDescription",
                        json.description(service.describeImport(
                                read(body, ImportArnRequest.class).importArn())));
            case "CancelImport" ->
                response.set(
                        "ImportTableDescription",
                        json.description(service.cancelImport(
                                read(body, ImportArnRequest.class).importArn())));
            case "ListImports" -> {
                ListImportsRequest request = read(body, ListImportsRequest.class);
                ImportPage page = service.listImports(request.tableArn(), request.pageSize(), request.nextToken());
                ArrayNode summaries = response.putArray("ImportSummaryList");
                for (ImportRecord r : page.imports()) {
                    summaries.add(json.summary(r));
                }
                if (page.nextToken() != null) {
                    response.put("NextToken", page.nextToken());
                }
            }
            default -> throw new IllegalArgumentException("not an import operation: " + name);
        }
        return ModelJson.write(response).getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T read(byte[] body, Class<T> type) {
        // an empty body is an empty request, as for DynamoDB
        return ModelJson.read(body.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : body, type);
    }
}
