package dev.mp4j.shm;

/**
 * The element types of {@link Value} and {@link Array}: Python's ctypes typecodes, each with its C
 * size on Linux x86-64 and the Java type its values are read as (by {@code getObject}, and in slices).
 *
 * <table>
 * <caption>Typecodes</caption>
 * <tr><th>code</th><th>ctypes</th><th>bytes</th><th>Java value</th></tr>
 * <tr><td>{@code b}</td><td>{@code c_byte}</td><td>1</td><td>{@code byte}</td></tr>
 * <tr><td>{@code B}</td><td>{@code c_ubyte}</td><td>1</td><td>{@code short}, 0..255</td></tr>
 * <tr><td>{@code h}</td><td>{@code c_short}</td><td>2</td><td>{@code short}</td></tr>
 * <tr><td>{@code H}</td><td>{@code c_ushort}</td><td>2</td><td>{@code int}, 0..65535</td></tr>
 * <tr><td>{@code i}</td><td>{@code c_int}</td><td>4</td><td>{@code int}</td></tr>
 * <tr><td>{@code I}</td><td>{@code c_uint}</td><td>4</td><td>{@code long}, 0..4294967295</td></tr>
 * <tr><td>{@code l}</td><td>{@code c_long}</td><td>8</td><td>{@code long}</td></tr>
 * <tr><td>{@code L}</td><td>{@code c_ulong}</td><td>8</td><td>{@code long} holding the unsigned bits
 *     ({@link Long#toUnsignedString(long)})</td></tr>
 * <tr><td>{@code q}</td><td>{@code c_longlong}</td><td>8</td><td>{@code long}</td></tr>
 * <tr><td>{@code Q}</td><td>{@code c_ulonglong}</td><td>8</td><td>{@code long} holding the unsigned bits</td></tr>
 * <tr><td>{@code f}</td><td>{@code c_float}</td><td>4</td><td>{@code float}</td></tr>
 * <tr><td>{@code d}</td><td>{@code c_double}</td><td>8</td><td>{@code double}</td></tr>
 * <tr><td>{@code c}</td><td>{@code c_char}</td><td>1</td><td>{@code byte} (a {@code 'c'} array reads
 *     and writes its text as Latin-1)</td></tr>
 * <tr><td>{@code u}</td><td>{@code c_wchar}</td><td>4</td><td>{@code int}, a Unicode code point</td></tr>
 * <tr><td>{@code ?}</td><td>{@code c_bool}</td><td>1</td><td>{@code boolean}</td></tr>
 * </table>
 *
 * <p>Values are stored in the machine's byte order, as ctypes stores them. Writing a value outside
 * a type's range is refused with an {@link IllegalArgumentException} (ctypes would silently
 * truncate it); atomic additions wrap around within the type, as Java's integer arithmetic does.
 */
public enum TypeCode {
    /** {@code 'b'}, {@code c_byte}: a signed byte. */
    BYTE('b', "c_byte", 1, true),
    /** {@code 'B'}, {@code c_ubyte}: an unsigned byte, read as a {@code short} 0..255. */
    UNSIGNED_BYTE('B', "c_ubyte", 1, false),
    /** {@code 'h'}, {@code c_short}: a signed 16-bit integer. */
    SHORT('h', "c_short", 2, true),
    /** {@code 'H'}, {@code c_ushort}: an unsigned 16-bit integer, read as an {@code int}. */
    UNSIGNED_SHORT('H', "c_ushort", 2, false),
    /** {@code 'i'}, {@code c_int}: a signed 32-bit integer. */
    INT('i', "c_int", 4, true),
    /** {@code 'I'}, {@code c_uint}: an unsigned 32-bit integer, read as a {@code long}. */
    UNSIGNED_INT('I', "c_uint", 4, false),
    /** {@code 'l'}, {@code c_long}: a signed 64-bit integer (Linux x86-64). */
    LONG('l', "c_long", 8, true),
    /** {@code 'L'}, {@code c_ulong}: an unsigned 64-bit integer, its bits in a {@code long}. */
    UNSIGNED_LONG('L', "c_ulong", 8, false),
    /** {@code 'q'}, {@code c_longlong}: a signed 64-bit integer. */
    LONG_LONG('q', "c_longlong", 8, true),
    /** {@code 'Q'}, {@code c_ulonglong}: an unsigned 64-bit integer, its bits in a {@code long}. */
    UNSIGNED_LONG_LONG('Q', "c_ulonglong", 8, false),
    /** {@code 'f'}, {@code c_float}: a 32-bit float. */
    FLOAT('f', "c_float", 4, true),
    /** {@code 'd'}, {@code c_double}: a 64-bit float. */
    DOUBLE('d', "c_double", 8, true),
    /** {@code 'c'}, {@code c_char}: one byte of text. */
    CHAR('c', "c_char", 1, true),
    /** {@code 'u'}, {@code c_wchar}: a Unicode code point in 32 bits. */
    WCHAR('u', "c_wchar", 4, false),
    /** {@code '?'}, {@code c_bool}: a boolean in one byte. */
    BOOL('?', "c_bool", 1, false);

    private final char code;
    private final String ctype;
    private final int byteSize;
    private final boolean signed;

    TypeCode(char code, String ctype, int byteSize, boolean signed) {
        this.code = code;
        this.ctype = ctype;
        this.byteSize = byteSize;
        this.signed = signed;
    }

    /**
     * The type for a typecode, as Python's {@code Value('i', ...)} takes it.
     *
     * @param code one of {@code b B h H i I l L q Q f d c u ?}
     * @return the type
     * @throws IllegalArgumentException for any other character
     */
    public static TypeCode of(char code) {
        for (TypeCode type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown typecode '" + code + "': use one of b B h H i I l L q Q f d c u ?");
    }

    /**
     * The type for a typecode ({@code "i"}) or a ctypes name ({@code "c_int"}, {@code "c_bool"}), as
     * Python's {@code Value(typecode_or_type, ...)} accepts either; also the fixed-width names
     * ({@code c_int32}, {@code c_uint64} ...).
     *
     * @param codeOrCtype a one-character typecode or a ctypes name
     * @return the type
     * @throws IllegalArgumentException for anything else, null included
     */
    public static TypeCode of(String codeOrCtype) {
        if (codeOrCtype != null && codeOrCtype.length() == 1) {
            return of(codeOrCtype.charAt(0));
        }
        for (TypeCode type : values()) {
            if (type.ctype.equals(codeOrCtype)) {
                return type;
            }
        }
        TypeCode alias = switch (String.valueOf(codeOrCtype)) {
            case "c_int8" -> BYTE;
            case "c_uint8" -> UNSIGNED_BYTE;
            case "c_int16" -> SHORT;
            case "c_uint16" -> UNSIGNED_SHORT;
            case "c_int32" -> INT;
            case "c_uint32" -> UNSIGNED_INT;
            case "c_int64" -> LONG_LONG;
            case "c_uint64" -> UNSIGNED_LONG_LONG;
            default -> null;
        };
        if (alias != null) {
            return alias;
        }
        throw new IllegalArgumentException("unknown typecode or ctypes type '" + codeOrCtype
                + "': use one of b B h H i I l L q Q f d c u ? or a ctypes name such as c_int, c_double, c_bool");
    }

    /**
     * The Python typecode character.
     *
     * @return the code, {@code 'i'} for {@link #INT}
     */
    public char code() {
        return code;
    }

    /**
     * The ctypes type name.
     *
     * @return the name, {@code c_int} for {@link #INT}
     */
    public String ctype() {
        return ctype;
    }

    /**
     * Bytes per element (ctypes' {@code sizeof}).
     *
     * @return 1, 2, 4 or 8
     */
    public int byteSize() {
        return byteSize;
    }

    /**
     * Whether values are floating point.
     *
     * @return true for {@code f} and {@code d}
     */
    public boolean isFloatingPoint() {
        return this == FLOAT || this == DOUBLE;
    }

    /**
     * Whether this is an unsigned integer type.
     *
     * @return true for {@code B H I L Q}
     */
    public boolean isUnsigned() {
        return !signed && this != WCHAR && this != BOOL;
    }

    @Override
    public String toString() {
        return "'" + code + "' (" + ctype + ")";
    }
}
