package dev.ddbimport.core.item;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The map the parsers build items and M values in: names and values in parallel arrays, in
 * insertion order. Items have a dozen attributes or so, where a scan of cached name hashes beats a
 * hash table and allocates one array per field instead of one node per attribute; past {@value
 * #INDEX_THRESHOLD} entries a hash index keeps lookups constant-time. {@link #nameAt}/{@link
 * #valueAt} let the validator and the item codec walk it without entry objects.
 *
 * <p>A full {@link Map} (equal to any map with the same mappings; null names and values are
 * refused). Not thread-safe, like {@link java.util.LinkedHashMap}.
 */
public final class AttributeMap extends AbstractMap<String, AttrValue> {

    private static final int INDEX_THRESHOLD = 32;

    private String[] names;
    /** Per entry, the name's UTF-8 bytes when the parser handed them over, else null. */
    private byte[][] nameUtf8;

    private int[] hashes;
    private AttrValue[] values;
    private int size;
    /** Name to position, only while the map is larger than INDEX_THRESHOLD. */
    private HashMap<String, Integer> index;

    private int modifications;

    /** @param expectedSize how many entries are likely (more are fine) */
    public AttributeMap(int expectedSize) {
        int capacity = Math.max(4, expectedSize);
        names = new String[capacity];
        nameUtf8 = new byte[capacity][];
        hashes = new int[capacity];
        values = new AttrValue[capacity];
    }

    public AttributeMap() {
        this(8);
    }

    /**
     * Adds {@code name} unless it is present; returns false, changing nothing, when it is. The
     * parsers' path: they refuse duplicate names.
     */
    public boolean add(String name, AttrValue value) {
        return add(name, null, value);
    }

    /**
     * As {@link #add(String, AttrValue)}, also keeping the name's UTF-8 bytes, which the item
     * codec then copies and the validator counts instead of encoding the name again.
     *
     * @param utf8 exactly {@code name} in UTF-8, shared (not copied) and never changed, or null
     */
    public boolean add(String name, byte[] utf8, AttrValue value) {
        Objects.requireNonNull(value, "value");
        int hash = name.hashCode();
        if (find(name, hash) >= 0) {
            return false;
        }
        append(name, utf8, hash, value);
        return true;
    }

    /**
     * As {@link #add(String, byte[], AttrValue)} for a caller whose names are distinct by
     * construction (CSV columns, whose header refuses duplicates), so the map need not look for
     * the name first.
     *
     * @throws IllegalStateException when {@code name} is present after all (checked only when the
     *     map indexes its names, else trusted; a caller that breaks the contract gets a map whose
     *     {@link #get} sees the first of two entries)
     */
    public void addDistinct(String name, byte[] utf8, AttrValue value) {
        Objects.requireNonNull(value, "value");
        int hash = name.hashCode();
        if (index != null && index.containsKey(name)) {
            throw new IllegalStateException("Attribute " + name + " added twice; names given to addDistinct must"
                    + " be distinct, use add to have them checked");
        }
        append(name, utf8, hash, value);
    }

    /** The UTF-8 bytes of {@link #nameAt}{@code (i)} if the map was given them, else null. */
    public byte[] nameUtf8At(int i) {
        Objects.checkIndex(i, size);
        return nameUtf8[i];
    }

    /** The name of the entry at {@code i} (0-based, insertion order). */
    public String nameAt(int i) {
        Objects.checkIndex(i, size);
        return names[i];
    }

    /** The value of the entry at {@code i} (0-based, insertion order). */
    public AttrValue valueAt(int i) {
        Objects.checkIndex(i, size);
        return values[i];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public AttrValue get(Object key) {
        int i = key instanceof String name ? find(name, name.hashCode()) : -1;
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String name && find(name, name.hashCode()) >= 0;
    }

    @Override
    public AttrValue put(String name, AttrValue value) {
        Objects.requireNonNull(value, "value");
        int hash = name.hashCode();
        int i = find(name, hash);
        if (i >= 0) {
            AttrValue old = values[i];
            values[i] = value;
            return old;
        }
        append(name, null, hash, value);
        return null;
    }

    @Override
    public AttrValue remove(Object key) {
        int i = key instanceof String name ? find(name, name.hashCode()) : -1;
        if (i < 0) {
            return null;
        }
        AttrValue old = values[i];
        removeAt(i);
        return old;
    }

    @Override
    public void clear() {
        Arrays.fill(names, 0, size, null);
        Arrays.fill(nameUtf8, 0, size, null);
        Arrays.fill(values, 0, size, null);
        size = 0;
        index = null;
        modifications++;
    }

    private int find(String name, int hash) {
        if (index != null) {
            Integer at = index.get(name);
            return at == null ? -1 : at;
        }
        String[] n = names;
        int[] h = hashes;
        for (int i = 0; i < size; i++) {
            if (h[i] == hash && (n[i] == name || n[i].equals(name))) {
                return i;
            }
        }
        return -1;
    }

    private void append(String name, byte[] utf8, int hash, AttrValue value) {
        if (size == names.length) {
            int capacity = 2 * size;
            names = Arrays.copyOf(names, capacity);
            nameUtf8 = Arrays.copyOf(nameUtf8, capacity);
            hashes = Arrays.copyOf(hashes, capacity);
            values = Arrays.copyOf(values, capacity);
        }
        names[size] = name;
        nameUtf8[size] = utf8;
        hashes[size] = hash;
        values[size] = value;
        size++;
        modifications++;
        if (index != null) {
            index.put(name, size - 1);
        } else if (size > INDEX_THRESHOLD) {
            rebuildIndex();
        }
    }

    private void removeAt(int i) {
        int moved = size - i - 1;
        System.arraycopy(names, i + 1, names, i, moved);
        System.arraycopy(nameUtf8, i + 1, nameUtf8, i, moved);
        System.arraycopy(hashes, i + 1, hashes, i, moved);
        System.arraycopy(values, i + 1, values, i, moved);
        size--;
        names[size] = null;
        nameUtf8[size] = null;
        values[size] = null;
        modifications++;
        index = null;
        if (size > INDEX_THRESHOLD) {
            rebuildIndex();
        }
    }

    private void rebuildIndex() {
        index = new HashMap<>(2 * size);
        for (int i = 0; i < size; i++) {
            index.put(names[i], i);
        }
    }

    @Override
    public Set<Entry<String, AttrValue>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Entry<String, AttrValue>> iterator() {
                return new Entries();
            }
        };
    }

    private final class Entries implements Iterator<Entry<String, AttrValue>> {
        private int next;
        private int last = -1;
        private int expected = modifications;

        @Override
        public boolean hasNext() {
            return next < size;
        }

        @Override
        public Entry<String, AttrValue> next() {
            if (expected != modifications) {
                throw new ConcurrentModificationException();
            }
            if (next >= size) {
                throw new NoSuchElementException();
            }
            last = next++;
            return new Slot(last);
        }

        @Override
        public void remove() {
            if (last < 0) {
                throw new IllegalStateException("next() first");
            }
            if (expected != modifications) {
                throw new ConcurrentModificationException();
            }
            removeAt(last);
            next = last;
            last = -1;
            expected = modifications;
        }
    }

    /** An entry that reads and writes through to its position. */
    private final class Slot implements Entry<String, AttrValue> {
        private final int at;

        Slot(int at) {
            this.at = at;
        }

        @Override
        public String getKey() {
            return names[at];
        }

        @Override
        public AttrValue getValue() {
            return values[at];
        }

        @Override
        public AttrValue setValue(AttrValue value) {
            Objects.requireNonNull(value, "value");
            AttrValue old = values[at];
            values[at] = value;
            return old;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry<?, ?> e
                    && getKey().equals(e.getKey())
                    && getValue().equals(e.getValue());
        }

        @Override
        public int hashCode() {
            return getKey().hashCode() ^ getValue().hashCode();
        }

        @Override
        public String toString() {
            return getKey() + "=" + getValue();
        }
    }
}
