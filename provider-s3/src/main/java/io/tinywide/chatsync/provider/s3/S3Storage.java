package io.tinywide.chatsync.provider.s3;

import io.tinywide.chatsync.core.port.out.AuthenticationException;
import io.tinywide.chatsync.core.port.out.Capability;
import io.tinywide.chatsync.core.port.out.CloudStorage;
import io.tinywide.chatsync.core.port.out.ObjectTooLargeException;
import io.tinywide.chatsync.core.port.out.PreconditionFailedException;
import io.tinywide.chatsync.core.port.out.QuotaExceededException;
import io.tinywide.chatsync.core.port.out.RateLimitedException;
import io.tinywide.chatsync.core.port.out.RemoteEntry;
import io.tinywide.chatsync.core.port.out.RemoteObject;
import io.tinywide.chatsync.core.port.out.RemotePaths;
import io.tinywide.chatsync.core.port.out.Revision;
import io.tinywide.chatsync.core.port.out.StorageException;
import io.tinywide.chatsync.core.port.out.TransientStorageException;
import io.tinywide.chatsync.core.port.out.UnsupportedCapabilityException;
import io.tinywide.chatsync.core.port.out.WriteCondition;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@link CloudStorage} over one bucket and key prefix. Revisions are ETags, exactly as S3 returns
 * them (quoted), from writes, reads and listings alike.
 */
final class S3Storage implements CloudStorage {
    private final S3Client s3;
    private final S3Settings settings;
    private final String name;

    S3Storage(S3Client s3, S3Settings settings) {
        this.s3 = s3;
        this.settings = settings;
        this.name = "s3://" + settings.bucket() + "/" + settings.keyPrefix()
                + settings.endpoint().map(e -> " at " + e).orElse("");
    }

    @Override
    public List<RemoteEntry> list(String prefix) {
        // A gateway over a file system may resolve ".." in a key prefix (S3Proxy does) and list a
        // sibling's objects: refuse such a prefix, and keep only keys that really start with it.
        RemotePaths.requireValidPrefix(name, prefix);
        List<RemoteEntry> entries = new ArrayList<>();
        String token = null;
        try {
            do {
                ListObjectsV2Response page = s3.listObjectsV2(ListObjectsV2Request.builder()
                        .bucket(settings.bucket()).prefix(settings.keyPrefix() + prefix)
                        .maxKeys(settings.pageSize()).continuationToken(token).build());
                for (S3Object o : page.contents()) {
                    if (!o.key().startsWith(settings.keyPrefix() + prefix)) {
                        continue;
                    }
                    String path = o.key().substring(settings.keyPrefix().length());
                    if (path.isEmpty() || path.endsWith("/")) {
                        continue;
                    }
                    // Some servers list an object that is still being written without its ETag;
                    // ask for it rather than guess, and leave out an object that is gone by then.
                    Optional<String> etag = o.eTag() != null ? Optional.of(o.eTag()) : head(path, o.key());
                    etag.ifPresent(e -> entries.add(new RemoteEntry(path, o.size(), new Revision(e))));
                }
                token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
                if (Boolean.TRUE.equals(page.isTruncated()) && token == null) {
                    // A partial listing would hide months; refuse it rather than return it.
                    throw new TransientStorageException(name + ": cannot list " + prefix + ": the endpoint said the "
                            + "listing continues but gave no continuation token; sync again", null);
                }
            } while (token != null);
        } catch (SdkException e) {
            throw translate("list " + (prefix.isEmpty() ? "the bucket" : prefix), prefix, e);
        }
        return entries;
    }

    @Override
    public Optional<RemoteObject> read(String path, long maxBytes) {
        CloudStorage.readCap(maxBytes); // a negative limit is refused before any I/O
        String key = key(path);
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(settings.bucket()).key(key))) {
            Long length = in.response().contentLength();
            if (length != null && length > maxBytes) {
                in.abort(); // closing would drain the rest of a body we refuse
                throw new ObjectTooLargeException(name, path, maxBytes, length);
            }
            byte[] bytes = in.readNBytes(CloudStorage.readCap(maxBytes));
            if (bytes.length > maxBytes) {
                in.abort();
                throw new ObjectTooLargeException(name, path, maxBytes, -1);
            }
            return Optional.of(new RemoteObject(path, bytes, new Revision(in.response().eTag())));
        } catch (IOException e) {
            throw new TransientStorageException(name + ": cannot read " + path + ": the download broke off ("
                    + e.getMessage() + "); sync again", e);
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && "NoSuchKey".equals(code(e))) {
                return Optional.empty(); // only a missing key is an absent file; any other 404 is a failure
            }
            throw translate("read " + path, path, e);
        } catch (SdkException e) {
            throw translate("read " + path, path, e);
        }
    }

    @Override
    public Revision write(String path, byte[] bytes, WriteCondition condition) {
        String key = key(path);
        PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(settings.bucket()).key(key)
                .contentType("application/json");
        if (condition != WriteCondition.unconditional()) {
            if (settings.conditionalWrites() == ConditionalWrites.EMULATED) {
                checkEmulated(path, key, condition);
            } else if (condition instanceof WriteCondition.IfMatch m) {
                put.ifMatch(m.revision().value());
            } else {
                put.ifNoneMatch("*");
            }
        }
        try {
            String etag = s3.putObject(put.build(), RequestBody.fromBytes(bytes)).eTag();
            if (etag == null) {
                // Some gateways omit it; ask rather than guess a revision.
                etag = head(path, key).orElseThrow(() -> new TransientStorageException(name + ": " + path
                        + " was written but is not there; sync again", null));
            }
            return new Revision(etag);
        } catch (S3Exception e) {
            if (condition != WriteCondition.unconditional() && isPreconditionFailure(e)) {
                return landedAnyway(path, bytes).orElseThrow(() -> new PreconditionFailedException(name, path,
                        condition, null));
            }
            if (e.statusCode() == 501 && condition != WriteCondition.unconditional()) {
                throw new UnsupportedCapabilityException(Capability.ATOMIC_CONDITIONAL_WRITE, name + ": the endpoint "
                        + "does not implement conditional writes (If-Match/If-None-Match); add "
                        + "conditionalWrites=emulated to the remote");
            }
            throw translate("write " + path, path, e);
        } catch (SdkException e) {
            throw translate("write " + path, path, e);
        }
    }

    /**
     * A conditional PUT whose first attempt reached the server but whose answer was lost is retried
     * by the SDK, and the retry fails its own condition. If the object now holds exactly our bytes,
     * our write is what landed (or an identical one, which is the same state): report success.
     */
    private Optional<Revision> landedAnyway(String path, byte[] bytes) {
        return read(path).filter(o -> java.util.Arrays.equals(o.bytes(), bytes)).map(RemoteObject::revision);
    }

    /** Check-then-write for endpoints without conditional PUT; racy, and declared so. */
    private void checkEmulated(String path, String key, WriteCondition condition) {
        Optional<String> current = head(path, key);
        boolean holds = condition instanceof WriteCondition.IfMatch m
                ? current.map(m.revision().value()::equals).orElse(false) : current.isEmpty();
        if (!holds) {
            throw new PreconditionFailedException(name, path, condition, current.map(Revision::new).orElse(null));
        }
    }

    private Optional<String> head(String path, String key) {
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(settings.bucket()).key(key));
            // Still without an ETag: a write in progress, which a listing may leave out as it would
            // had it been taken a moment earlier.
            return Optional.ofNullable(head.eTag());
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(code(e))) {
                return Optional.empty();
            }
            throw translate("check " + path, path, e);
        } catch (SdkException e) {
            throw translate("check " + path, path, e);
        }
    }

    @Override
    public void delete(String path, WriteCondition condition) {
        String key = key(path);
        if (condition instanceof WriteCondition.IfMatch) {
            throw new UnsupportedCapabilityException(Capability.CONDITIONAL_DELETE, name + ": cannot delete " + path
                    + " with a condition: S3-compatible endpoints do not all honour If-Match on DELETE, so "
                    + "conditional deletes are refused rather than guessed");
        }
        if (condition == WriteCondition.ifAbsent() && head(path, key).isPresent()) {
            throw new PreconditionFailedException(name, path, condition, null);
        }
        try {
            s3.deleteObject(b -> b.bucket(settings.bucket()).key(key));
        } catch (SdkException e) {
            throw translate("delete " + path, path, e);
        }
    }

    @Override
    public Set<Capability> capabilities() {
        Set<Capability> caps = EnumSet.of(Capability.UNIQUE_PATHS);
        if (settings.conditionalWrites() == ConditionalWrites.ATOMIC) {
            caps.add(Capability.ATOMIC_CONDITIONAL_WRITE);
        }
        if (settings.endpoint().isEmpty()) {
            caps.add(Capability.CONSISTENT_LISTING); // AWS S3 is strongly consistent since 2020
        }
        return caps;
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public void close() {
        s3.close();
    }

    private String key(String path) {
        return settings.keyPrefix() + RemotePaths.requireValid(name, path);
    }

    private static String code(S3Exception e) {
        return e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
    }

    private static boolean isPreconditionFailure(S3Exception e) {
        // 412 for a failed If-Match/If-None-Match; 409 ConditionalRequestConflict when a concurrent
        // conditional write won; 404 on AWS for If-Match on a key that does not exist.
        return e.statusCode() == 412 || "ConditionalRequestConflict".equals(code(e))
                || (e.statusCode() == 404 && "NoSuchKey".equals(code(e)));
    }

    /** The SDK's exceptions, after its own retries, as the port's small set. */
    private StorageException translate(String what, String path, SdkException e) {
        String where = name + ": cannot " + what;
        if (e instanceof S3Exception s3e) {
            int status = s3e.statusCode();
            String code = code(s3e);
            if ("NoSuchBucket".equals(code)) {
                return new StorageException(name + ": bucket '" + settings.bucket() + "' not found"
                        + settings.endpoint().map(x -> " at " + x).orElse("") + "; create it or fix the remote URI", e);
            }
            // Before the status: some servers say a full quota with a 403, which is not a credentials problem.
            if ("QuotaExceeded".equals(code) || "EntityTooLarge".equals(code)) {
                return new QuotaExceededException(where + ": the storage refused the size (" + code + "); free "
                        + "space or raise the bucket's quota, then sync again", e);
            }
            if (status == 401 || status == 403) {
                return new AuthenticationException(where + ": access denied (" + code + "); check the credentials "
                        + "(AWS_ACCESS_KEY_ID / AWS_PROFILE) and that the bucket policy allows s3:GetObject, "
                        + "s3:PutObject, s3:ListBucket and s3:DeleteObject on " + settings.bucket(), e);
            }
            if (status == 429 || status == 503 || "SlowDown".equals(code)) {
                Duration retryAfter = s3e.awsErrorDetails() == null ? null : s3e.awsErrorDetails().sdkHttpResponse()
                        .firstMatchingHeader("Retry-After").flatMap(S3Storage::seconds).orElse(null);
                return new RateLimitedException(where + ": throttled by the endpoint (" + code + ")", retryAfter, e);
            }
            if (status >= 500) {
                return new TransientStorageException(where + ": the endpoint failed (" + status + " " + code + ")", e);
            }
            return new StorageException(where + ": " + status + " " + code + " " + s3e.awsErrorDetails()
                    .errorMessage(), e);
        }
        if (e instanceof SdkClientException && String.valueOf(e.getMessage()).contains("credentials")) {
            return new AuthenticationException(where + ": no AWS credentials found; set AWS_ACCESS_KEY_ID and "
                    + "AWS_SECRET_ACCESS_KEY, or AWS_PROFILE", e);
        }
        return new TransientStorageException(where + ": " + e.getMessage() + "; check the endpoint and the network",
                e);
    }

    private static Optional<Duration> seconds(String header) {
        try {
            return Optional.of(Duration.ofSeconds(Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
