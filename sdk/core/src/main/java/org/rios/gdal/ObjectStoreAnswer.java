package org.rios.gdal;

import org.gdal.gdal.Dataset;
import org.gdal.gdal.gdal;
import org.gdal.gdalconst.gdalconstConstants;

/**
 * What an object store answered when GDAL read one key, from the error number GDAL gives for the store's own
 * error code: the object is there, there is no such key, no such bucket, the signature or the credentials were
 * refused, or the store did not answer. Outputs are checked with it before any block is computed (a missing
 * bucket or a wrong secret would otherwise be found only at the upload, after the whole run), and failures to
 * open an object-store input and to upload an output are explained with it.
 *
 * <pre>{@code
 * ObjectStoreAnswer a = ObjectStoreAnswer.ask("/vsis3/scenes/out/ndvi.tif");
 * if (a.refusesEveryRequest()) {
 *   throw new ImageOpenException("... " + a.reason());   // "the store has no bucket 'scenes' ..."
 * }
 * }</pre>
 *
 * @param kind what the store said
 * @param gdalMessage GDAL's message for it (blank when the key opened)
 * @param bucket the key's bucket (for messages)
 * @param endpoint the S3 endpoint GDAL was configured with ({@code AWS_S3_ENDPOINT}; blank for AWS or
 *     another kind of store), for messages
 */
public record ObjectStoreAnswer(Kind kind, String gdalMessage, String bucket, String endpoint) {
  /** GDAL's CPLE_AWSError: an S3 error code GDAL has no number of its own for (not in the 3.6 Java constants). */
  private static final int CPLE_AWS_ERROR = 17;

  /** What the store said to a read of one key. */
  public enum Kind {
    /** The key holds a raster GDAL opened. */
    RASTER,
    /** The key holds an object GDAL does not recognise as a raster (or is a prefix of other objects). */
    NOT_A_RASTER,
    /** The bucket is there, the key is not. */
    NO_SUCH_KEY,
    /** The store has no such bucket. */
    NO_SUCH_BUCKET,
    /** The store refused reading this key; these credentials may still write it (a write-only policy). */
    ACCESS_DENIED,
    /** The request's signature does not match: the secret key does not belong to the access key. */
    SIGNATURE_REFUSED,
    /** GDAL found no credentials to sign the request with. */
    NO_CREDENTIALS,
    /** Another error code of the store (an unknown access key, a bucket name it refuses, ...). */
    STORE_ERROR,
    /** No HTTP answer: the endpoint refused or dropped the connection, or did not answer in time. */
    NO_ANSWER,
    /** Any other failure (an HTTP error without a store error code, a name GDAL does not take). */
    OTHER
  }

  /**
   * Reads key {@code gdalName} (a GDAL object-store name such as {@code /vsis3/bucket/key}) as a raster, under
   * the calling thread's GDAL configuration, and says what the store answered. One request when the key is
   * missing; opening the raster's header when it is there. Prints nothing.
   */
  public static ObjectStoreAnswer ask(String gdalName) {
    String bucket = VirtualPaths.bucket(gdalName);
    String endpoint = gdalName.startsWith("/vsis3/") ? gdal.GetConfigOption("AWS_S3_ENDPOINT", "") : "";
    gdal.PushErrorHandler("CPLQuietErrorHandler");
    try {
      gdal.ErrorReset();
      gdal.VSIErrorReset();
      Dataset ds = gdal.OpenEx(gdalName, gdalconstConstants.OF_RASTER | gdalconstConstants.OF_READONLY
          | gdalconstConstants.OF_VERBOSE_ERROR);
      if (ds != null) {
        ds.delete();
        return new ObjectStoreAnswer(Kind.RASTER, "", bucket, endpoint);
      }
      return new ObjectStoreAnswer(kindOf(gdal.GetLastErrorNo(), gdal.GetLastErrorMsg()),
          VirtualPaths.forMessage(gdal.GetLastErrorMsg().trim()), bucket, endpoint);
    } catch (RuntimeException e) {
      return new ObjectStoreAnswer(Kind.OTHER, String.valueOf(e.getMessage()), bucket, endpoint);
    } finally {
      gdal.PopErrorHandler();
      gdal.ErrorReset();
      gdal.VSIErrorReset();
    }
  }

  /** Settings that decide what a store answers (hashed into {@link #PASSED}'s keys, never kept as text). */
  private static final String[] STORE_SETTINGS = {"AWS_S3_ENDPOINT", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
      "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_HTTPS", "AWS_VIRTUAL_HOSTING",
      "AWS_NO_SIGN_REQUEST", "AWS_PROFILE", "GS_SECRET_ACCESS_KEY", "GS_ACCESS_KEY_ID",
      "AZURE_STORAGE_CONNECTION_STRING", "AZURE_STORAGE_ACCOUNT", "AZURE_STORAGE_ACCESS_KEY", "OSS_ENDPOINT",
      "OSS_ACCESS_KEY_ID", "OSS_SECRET_ACCESS_KEY", "SWIFT_STORAGE_URL", "SWIFT_AUTH_TOKEN"};
  /** How long a bucket that took a check is not asked again in this JVM. */
  private static final long PASS_KEPT_MILLIS = 300_000;
  /** Buckets that took a check lately: a key of store, bucket and settings, to when. */
  private static final java.util.concurrent.ConcurrentHashMap<String, Long> PASSED =
      new java.util.concurrent.ConcurrentHashMap<>();
  /** A refusal is asked again once after this long (a store's passing SlowDown or 503, a dropped connection). */
  private static final long RETRY_MILLIS = 1000;

  /**
   * Whether the store of key {@code gdalName} would refuse any request of this run to its bucket
   * ({@link #refusesEveryRequest}), under the calling thread's GDAL configuration: the refusing answer, or
   * null if the store takes requests. A refusal is asked again once a second later before it counts; a
   * bucket that took a check is not asked again in this JVM for five minutes with the same store settings
   * (a collection of Beam jobs writing to one bucket asks once per worker, not once per job).
   */
  public static ObjectStoreAnswer refusalFor(String gdalName) {
    String key = passKey(gdalName);
    Long passed = PASSED.get(key);
    long now = System.currentTimeMillis();
    if (passed != null && now - passed < PASS_KEPT_MILLIS) {
      return null;
    }
    ObjectStoreAnswer answer = ask(gdalName);
    if (answer.refusesEveryRequest()) {
      try {
        Thread.sleep(RETRY_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return answer;
      }
      answer = ask(gdalName);
    }
    if (answer.refusesEveryRequest()) {
      return answer;
    }
    PASSED.put(key, System.currentTimeMillis());
    return null;
  }

  /** The store's file system, the bucket and a hash of the settings that decide the store's answer. */
  private static String passKey(String gdalName) {
    StringBuilder settings = new StringBuilder();
    for (String s : STORE_SETTINGS) {
      settings.append(s).append('=').append(gdal.GetConfigOption(s, "")).append('\n');
    }
    String system = gdalName.substring(0, gdalName.indexOf('/', 1) + 1);
    try {
      byte[] h = java.security.MessageDigest.getInstance("SHA-256")
          .digest(settings.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return system + VirtualPaths.bucket(gdalName) + "|" + java.util.HexFormat.of().formatHex(h);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("no SHA-256 in this JVM", e);
    }
  }

  static Kind kindOf(int cplError, String message) {
    if (cplError == gdalconstConstants.CPLE_AWSObjectNotFound) {
      return Kind.NO_SUCH_KEY;
    }
    if (cplError == gdalconstConstants.CPLE_AWSBucketNotFound) {
      return Kind.NO_SUCH_BUCKET;
    }
    if (cplError == gdalconstConstants.CPLE_AWSAccessDenied) {
      return Kind.ACCESS_DENIED;
    }
    if (cplError == gdalconstConstants.CPLE_AWSSignatureDoesNotMatch) {
      return Kind.SIGNATURE_REFUSED;
    }
    if (cplError == gdalconstConstants.CPLE_AWSInvalidCredentials) {
      return Kind.NO_CREDENTIALS;
    }
    if (cplError == CPLE_AWS_ERROR) {
      return Kind.STORE_ERROR;
    }
    String m = message == null ? "" : message;
    if (cplError == gdalconstConstants.CPLE_HttpResponse
        && (m.startsWith("CURL error") || OpenFailures.isNoHttpResponse(m))) {
      return Kind.NO_ANSWER;
    }
    if (cplError == gdalconstConstants.CPLE_OpenFailed && m.contains("not recognized as a supported file format")) {
      return Kind.NOT_A_RASTER;
    }
    return Kind.OTHER;
  }

  /**
   * Whether the store would refuse any request of this run to this bucket, so an output there can never be
   * uploaded: no such bucket, a refused signature, no credentials, another store error, no answer. A key that
   * cannot be read ({@link Kind#ACCESS_DENIED}) may still be writable, and is not counted.
   */
  public boolean refusesEveryRequest() {
    switch (kind) {
      case NO_SUCH_BUCKET:
      case SIGNATURE_REFUSED:
      case NO_CREDENTIALS:
      case STORE_ERROR:
      case NO_ANSWER:
        return true;
      default:
        return false;
    }
  }

  /** Why, in words, for a message; GDAL's own message where it is the store's. */
  public String reason() {
    switch (kind) {
      case RASTER:
        return "the key holds a raster";
      case NOT_A_RASTER:
        return "the object is there, but not in a format GDAL recognises (or it is a prefix of other objects)";
      case NO_SUCH_KEY:
        return "no such object (the bucket '" + bucket + "' is there)";
      case NO_SUCH_BUCKET:
        return "the store has no bucket '" + bucket + "'" + at() + ": check the bucket name, and "
            + "AWS_S3_ENDPOINT for a store other than AWS";
      case ACCESS_DENIED:
        return "the store denied reading it with these credentials (" + gdalMessage + ")";
      case SIGNATURE_REFUSED:
        return "the store refused the request's signature" + at() + ": AWS_SECRET_ACCESS_KEY is not the "
            + "secret of AWS_ACCESS_KEY_ID";
      case NO_CREDENTIALS:
        return "GDAL found no credentials for the store: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or "
            + "AWS_NO_SIGN_REQUEST=YES for a public bucket) [" + gdalMessage + "]";
      case STORE_ERROR:
        return "the store refused the request" + at() + " (" + gdalMessage + "): check AWS_ACCESS_KEY_ID, "
            + "the bucket name and its region (AWS_REGION)";
      case NO_ANSWER:
        return "the store did not answer" + at() + " (" + gdalMessage + "): check the endpoint "
            + "(AWS_S3_ENDPOINT and AWS_HTTPS for S3) and the network; see GDAL_HTTP_TIMEOUT";
      default:
        return gdalMessage.isBlank() ? "GDAL gives no reason" : OpenFailures.explained(gdalMessage);
    }
  }

  private String at() {
    return endpoint == null || endpoint.isBlank() ? "" : " at " + endpoint;
  }
}
