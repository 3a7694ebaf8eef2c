package dev.ddbimport.service.imports;

/**
 * One import as DescribeImport reports it: its record and its counters (live while it runs, final
 * once it ended).
 */
public record ImportView(ImportRecord record, ImportCounters counters) {}
