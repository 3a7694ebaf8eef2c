package dev.ddbimport.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ddbimport.core.model.InputFormat;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ImportStreamsTest {

    @Test
    void shouldGiveTheStreamsDeadLettersTheTopologysRawRecordLimit() {
        StreamTransformSettings settings = StreamTransformSettings.of("broker:9092", Path.of("state"))
                .withTransform(TransformSettings.defaults().withMaxRawRecordBytes(100));

        Properties p = ImportStreams.properties(TopologyFixture.books(InputFormat.CSV), settings);

        assertEquals("100", p.get(JsonDeadLetterHandler.RAW_MAX_BYTES_CONFIG));
    }
}
