package dev.ddbimport.core.frame;

/** A CSV object's header line (without its line terminator); it is not a record. */
public record HeaderLine(long offset, byte[] bytes) implements Frame {}
