package dev.ddbimport.service.endpoint;

import dev.ddbimport.service.imports.ApiError;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks AWS Signature Version 4 on requests to the endpoint, answering as DynamoDB does: no
 * Authorization header → MissingAuthenticationTokenException; an access key it does not know →
 * UnrecognizedClientException; a signature that does not match, a request signed more than 15
 * minutes away from now, or a scope for another service or region → InvalidSignatureException.
 *
 * <p>The expected signature is computed over exactly the headers the client lists in SignedHeaders
 * (whatever its SDK chose to sign), the body's SHA-256, and the client's credential scope. With no
 * keys configured the verifier is open: every request passes (local development).
 */
public final class SigV4Verifier {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final String SERVICE = "dynamodb";
    private static final Duration MAX_SKEW = Duration.ofMinutes(15);
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature"
            + " you provided. Check your AWS Secret Access Key and signing method. Consult the service"
            + " documentation for details.";

    private final Map<String, String> secrets = new HashMap<>();
    private final String region;
    private final Clock clock;

    public SigV4Verifier(List<AccessKey> keys, String region, Clock clock) {
        for (AccessKey key : keys) {
            secrets.put(key.accessKeyId(), key.secretAccessKey());
        }
        this.region = region;
        this.clock = clock;
    }

    /** False in open mode: no keys configured, nothing is checked. */
    public boolean enabled() {
        return !secrets.isEmpty();
    }

    /**
     * Throws an {@link ApiError} unless the request is signed by a configured key.
     *
     * @param headers request headers; names in any case
     */
    public void verify(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        if (!enabled()) {
            return;
        }
        Map<String, List<String>> byName = lowerCaseNames(headers);
        String authorization = first(byName, "authorization");
        if (authorization == null) {
            throw ApiError.client("MissingAuthenticationTokenException", "Request is missing Authentication Token");
        }
        Authorization auth = Authorization.parse(authorization);
        String secret = secrets.get(auth.accessKeyId());
        if (secret == null) {
            throw ApiError.client(
                    "UnrecognizedClientException", "The security token included in the request is invalid.");
        }
        String amzDate = first(byName, "x-amz-date");
        if (amzDate == null) {
            throw incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }
        checkTime(amzDate);
        checkScope(auth, amzDate);

        String canonicalRequest = method + "\n"
                + canonicalUri(rawPath) + "\n"
                + canonicalQuery(rawQuery) + "\n"
                + canonicalHeaders(auth.signedHeaders(), byName) + "\n"
                + String.join(";", auth.signedHeaders()) + "\n"
                + hex(sha256(body));
        String scope = auth.date() + "/" + auth.region() + "/" + auth.service() + "/aws4_request";
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), auth.date());
        key = hmac(key, auth.region());
        key = hmac(key, auth.service());
        key = hmac(key, "aws4_request");
        byte[] expected = hmac(key, stringToSign);
        byte[] given = parseHexOrNull(auth.signature());
        if (given == null || !MessageDigest.isEqual(expected, given)) {
            throw invalid(SIGNATURE_MISMATCH);
        }
    }

    private void checkTime(String amzDate) {
        Instant signed;
        try {
            signed = LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw incomplete("Date must be in ISO-8601 'basic format'. Got '" + amzDate
                    + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
        Instant now = clock.instant();
        if (signed.isBefore(now.minus(MAX_SKEW))) {
            throw invalid("Signature expired: " + amzDate + " is now earlier than "
                    + AMZ_DATE.format(now.minus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " - 15 min.)");
        }
        if (signed.isAfter(now.plus(MAX_SKEW))) {
            throw invalid("Signature not yet current: " + amzDate + " is still later than "
                    + AMZ_DATE.format(now.plus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " + 15 min.)");
        }
    }

    private void checkScope(Authorization auth, String amzDate) {
        if (!SERVICE.equals(auth.service())) {
            throw invalid("Credential should be scoped to correct service: '" + SERVICE + "'. ");
        }
        if (!region.equals(auth.region())) {
            throw invalid("Credential should be scoped to a valid region. ");
        }
        if (!amzDate.startsWith(auth.date())) {
            throw invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                    + auth.date() + "' != '" + amzDate.substring(0, Math.min(8, amzDate.length())) + "', from '"
                    + amzDate + "'.");
        }
    }

    /** The parts of an {@code AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…} header. */
    private record Authorization(
            String accessKeyId,
            String date,
            String region,
            String service,
            List<String> signedHeaders,
            String signature) {

        static Authorization parse(String header) {
            String value = header.trim();
            if (!value.startsWith(ALGORITHM + " ")) {
                int space = value.indexOf(' ');
                throw incomplete("Unsupported AWS 'algorithm': '" + (space < 0 ? value : value.substring(0, space))
                        + "'. Sign the request with " + ALGORITHM + ".");
            }
            Map<String, String> parts = new HashMap<>();
            for (String part : value.substring(ALGORITHM.length()).split(",")) {
                String p = part.trim();
                int eq = p.indexOf('=');
                if (eq > 0) {
                    parts.put(p.substring(0, eq).trim(), p.substring(eq + 1).trim());
                }
            }
            StringBuilder missing = new StringBuilder();
            for (String name : List.of("Credential", "Signature", "SignedHeaders")) {
                if (!parts.containsKey(name)) {
                    missing.append("Authorization header requires '")
                            .append(name)
                            .append("' parameter. ");
                }
            }
            if (missing.length() > 0) {
                throw incomplete(missing.append("Authorization=").append(header).toString());
            }
            String[] scope = parts.get("Credential").split("/");
            if (scope.length != 5 || !"aws4_request".equals(scope[4])) {
                throw incomplete("Credential should be scoped to a valid terminator: 'aws4_request' or have 5 parts"
                        + " 'KEY/YYYYMMDD/REGION/SERVICE/aws4_request', got '" + parts.get("Credential") + "'.");
            }
            List<String> signed = new ArrayList<>();
            for (String name : parts.get("SignedHeaders").split(";")) {
                signed.add(name.toLowerCase(Locale.ROOT));
            }
            return new Authorization(scope[0], scope[1], scope[2], scope[3], signed, parts.get("Signature"));
        }
    }

    private static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        // every service but S3 encodes the (already encoded) path once more
        String[] segments = rawPath.split("/", -1);
        List<String> encoded = new ArrayList<>(segments.length);
        for (String segment : segments) {
            encoded.add(uriEncode(segment));
        }
        return String.join("/", encoded);
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            pairs.add(new String[] {uriEncode(percentDecode(name)), uriEncode(percentDecode(value))});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder query = new StringBuilder();
        for (String[] pair : pairs) {
            if (query.length() > 0) {
                query.append('&');
            }
            query.append(pair[0]).append('=').append(pair[1]);
        }
        return query.toString();
    }

    private static String canonicalHeaders(List<String> signedHeaders, Map<String, List<String>> byName) {
        StringBuilder out = new StringBuilder();
        for (String name : signedHeaders) {
            List<String> values = byName.getOrDefault(name, List.of());
            List<String> trimmed = new ArrayList<>(values.size());
            for (String v : values) {
                trimmed.add(v.trim().replaceAll(" +", " "));
            }
            out.append(name).append(':').append(String.join(",", trimmed)).append('\n');
        }
        return out.toString();
    }

    /** RFC 3986 encoding as SigV4 wants it: unreserved characters kept, everything else %XX (upper case). */
    private static String uriEncode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_'
                    || c == '.'
                    || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }

    private static String percentDecode(String value) {
        return java.net.URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static Map<String, List<String>> lowerCaseNames(Map<String, List<String>> headers) {
        Map<String, List<String>> byName = new HashMap<>();
        headers.forEach((name, values) -> byName.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                .addAll(values));
        return byName;
    }

    private static String first(Map<String, List<String>> byName, String name) {
        List<String> values = byName.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static ApiError incomplete(String message) {
        return ApiError.client("IncompleteSignatureException", message);
    }

    private static ApiError invalid(String message) {
        return ApiError.client("InvalidSignatureException", message);
    }

    private static byte[] parseHexOrNull(String hex) {
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM has no SHA-256", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM has no HmacSHA256", e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
