package dev.ddbimport.service.endpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ddbimport.core.model.ImportDefinition;
import dev.ddbimport.core.model.ModelJson;
import dev.ddbimport.core.model.S3BucketSource;
import dev.ddbimport.service.imports.ImportCounters;
import dev.ddbimport.service.imports.ImportRecord;
import dev.ddbimport.service.imports.ImportServiceSettings;
import dev.ddbimport.service.imports.ImportView;
import java.math.BigDecimal;

/**
 * DescribeImport's ImportTableDescription and ListImports' ImportSummary as DynamoDB writes them:
 * times as epoch seconds with milliseconds, the request members echoed as sent except that
 * S3BucketOwner is filled in with the account and InputCompressionType with NONE (as DynamoDB does),
 * EndTime only once ended, ProcessedSizeBytes only once something was read, FailureCode/Message only
 * when FAILED. Two members are ours: DistinctKeyCount and SupersededDuplicateCount.
 */
final class ImportJson {

    private final ImportServiceSettings settings;
    private final ObjectMapper mapper = ModelJson.mapper();

    ImportJson(ImportServiceSettings settings) {
        this.settings = settings;
    }

    ObjectNode description(ImportView view) {
        ImportRecord record = view.record();
        ImportDefinition definition = record.definition();
        ImportCounters counters = view.counters();
        ObjectNode d = mapper.createObjectNode();
        d.put("ImportArn", record.importArn());
        d.put("ImportStatus", record.status().name());
        d.put("TableArn", record.tableArn());
        d.put("TableId", record.tableId());
        d.put("ClientToken", definition.clientToken());
        d.set("S3BucketSource", bucketSource(definition.s3BucketSource()));
        d.put("ErrorCount", counters.errorCount());
        d.put("CloudWatchLogGroupArn", settings.logGroupArn());
        d.put("InputFormat", definition.inputFormat().name());
        if (definition.inputFormatOptions() != null) {
            d.set("InputFormatOptions", mapper.valueToTree(definition.inputFormatOptions()));
        }
        d.put("InputCompressionType", definition.compression().name());
        d.set("TableCreationParameters", mapper.valueToTree(definition.tableCreationParameters()));
        d.put("StartTime", epochSeconds(record.startTime()));
        if (record.endTime() != null) {
            d.put("EndTime", epochSeconds(record.endTime()));
        }
        if (counters.processedSizeBytes() != null) {
            d.put("ProcessedSizeBytes", counters.processedSizeBytes());
        }
        d.put("ProcessedItemCount", counters.processedItemCount());
        d.put("ImportedItemCount", counters.importedItemCount());
        if (record.failureCode() != null) {
            d.put("FailureCode", record.failureCode());
        }
        if (record.failureMessage() != null) {
            d.put("FailureMessage", record.failureMessage());
        }
        d.put("DistinctKeyCount", counters.distinctKeyCount());
        d.put("SupersededDuplicateCount", counters.supersededDuplicateCount());
        return d;
    }

    ObjectNode summary(ImportRecord record) {
        ObjectNode s = mapper.createObjectNode();
        s.put("ImportArn", record.importArn());
        s.put("ImportStatus", record.status().name());
        s.put("TableArn", record.tableArn());
        s.set("S3BucketSource", bucketSource(record.definition().s3BucketSource()));
        s.put("CloudWatchLogGroupArn", settings.logGroupArn());
        s.put("InputFormat", record.definition().inputFormat().name());
        s.put("StartTime", epochSeconds(record.startTime()));
        if (record.endTime() != null) {
            s.put("EndTime", epochSeconds(record.endTime()));
        }
        return s;
    }

    private ObjectNode bucketSource(S3BucketSource source) {
        S3BucketSource shown = source.s3BucketOwner() != null
                ? source
                : new S3BucketSource(source.s3Bucket(), settings.accountId(), source.s3KeyPrefix());
        return mapper.valueToTree(shown);
    }

    private static BigDecimal epochSeconds(long epochMillis) {
        return BigDecimal.valueOf(epochMillis, 3);
    }
}
