package dev.ddbimport.service.imports;

import java.util.List;

/** One ListImports page, newest first; {@code nextToken} is null on the last page. */
public record ImportPage(List<ImportRecord> imports, String nextToken) {

    public ImportPage {
        imports = List.copyOf(imports);
    }
}
