package dev.ddbimport.core;

import dev.ddbimport.core.format.ItemParser;
import dev.ddbimport.core.format.ParseOutcome;
import dev.ddbimport.core.format.ParseOutcome.Parsed;
import dev.ddbimport.core.validate.ItemValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Parses one record and validates every item it holds: the per-record work of every stage. */
public final class RecordProcessor {
    private final ItemParser parser;
    private final ItemValidator validator;

    public RecordProcessor(ItemParser parser, ItemValidator validator) {
        this.parser = parser;
        this.validator = validator;
    }

    /** One outcome per item in the record, in order; an invalid item becomes its rejection. */
    public List<ParseOutcome> process(byte[] record) {
        List<ParseOutcome> parsed = parser.parse(record);
        if (parsed.size() == 1) {
            ParseOutcome only = parsed.get(0);
            return only instanceof Parsed p ? List.of(check(p)) : parsed;
        }
        List<ParseOutcome> out = new ArrayList<>(parsed.size());
        for (ParseOutcome outcome : parsed) {
            out.add(outcome instanceof Parsed p ? check(p) : outcome);
        }
        return out;
    }

    private ParseOutcome check(Parsed parsed) {
        Optional<ParseOutcome.Rejected> rejected = validator.validate(parsed.item());
        return rejected.isPresent() ? rejected.get() : parsed;
    }
}
