package dev.ddbimport.service.imports;

/** Whether the backing DynamoDB already has a table of a given name (ImportTable refuses existing tables). */
@FunctionalInterface
public interface TableCatalog {

    boolean exists(String tableName);
}
