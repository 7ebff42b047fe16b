package org.rios.gdal;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import org.gdal.gdalconst.gdalconstConstants;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rios.gdal.ObjectStoreAnswer.Kind;

/**
 * GDAL's error numbers for a store's answers, as the store's own error codes (the integration tests put a real
 * S3 server behind each): which ones refuse every request of a run, and what is said for each.
 */
class ObjectStoreAnswerTest {
  @BeforeAll
  static void gdal() {
    GdalRuntime.ensureLoaded();
  }

  @Test
  void gdalsErrorNumbersMapToWhatTheStoreSaid() {
    assertThat(ObjectStoreAnswer.kindOf(gdalconstConstants.CPLE_AWSObjectNotFound, "x"), is(Kind.NO_SUCH_KEY));
    assertThat(ObjectStoreAnswer.kindOf(gdalconstConstants.CPLE_AWSBucketNotFound, "x"), is(Kind.NO_SUCH_BUCKET));
    assertThat(ObjectStoreAnswer.kindOf(gdalconstConstants.CPLE_AWSAccessDenied, "x"), is(Kind.ACCESS_DENIED));
    assertThat(ObjectStoreAnswer.kindOf(gdalconstConstants.CPLE_AWSSignatureDoesNotMatch, "x"),
        is(Kind.SIGNATURE_REFUSED));
    assertThat(ObjectStoreAnswer.kindOf(gdalconstConstants.CPLE_AWSInvalidCredentials, "x"),
        is(Kind.NO_CREDENTIALS));
    assertThat(ObjectStoreAnswer.kindOf(17, "Forbidden"), is(Kind.STORE_ERROR));
    assertThat(ObjectStoreAnswer.kindOf(gdalconstConstants.CPLE_HttpResponse,
        "CURL error: Failed to connect to 127.0.0.1 port 9: Couldn't connect to server"), is(Kind.NO_ANSWER));
    assertThat(ObjectStoreAnswer.kindOf(gdalconstConstants.CPLE_HttpResponse,
        "HTTP response code on http://h/b/k: 0"), is(Kind.NO_ANSWER));
    assertThat("an HTTP error with a status is the store's answer, not its silence",
        ObjectStoreAnswer.kindOf(gdalconstConstants.CPLE_HttpResponse, "HTTP response code on http://h/b/k: 403"),
        is(Kind.OTHER));
    assertThat(ObjectStoreAnswer.kindOf(gdalconstConstants.CPLE_OpenFailed,
        "`/vsis3/b/t.tif' not recognized as a supported file format."), is(Kind.NOT_A_RASTER));
    assertThat(ObjectStoreAnswer.kindOf(gdalconstConstants.CPLE_None, ""), is(Kind.OTHER));
  }

  @Test
  void onlyAnswersNoRequestCanGetPastRefuseEveryRequest() {
    for (Kind k : Kind.values()) {
      boolean refuses = new ObjectStoreAnswer(k, "m", "b", "").refusesEveryRequest();
      boolean expected = k == Kind.NO_SUCH_BUCKET || k == Kind.SIGNATURE_REFUSED || k == Kind.NO_CREDENTIALS
          || k == Kind.STORE_ERROR || k == Kind.NO_ANSWER;
      assertThat(k.name(), refuses, is(expected));
    }
  }

  @Test
  void theReasonNamesTheBucketTheEndpointAndTheSettingAtFault() {
    assertThat(new ObjectStoreAnswer(Kind.NO_SUCH_BUCKET, "The specified bucket does not exist", "scenes",
        "127.0.0.1:9000").reason(), allOf(containsString("no bucket 'scenes' at 127.0.0.1:9000"),
        containsString("AWS_S3_ENDPOINT")));
    assertThat(new ObjectStoreAnswer(Kind.SIGNATURE_REFUSED, "Forbidden", "scenes", "").reason(),
        is("the store refused the request's signature: AWS_SECRET_ACCESS_KEY is not the secret of "
            + "AWS_ACCESS_KEY_ID"));
    assertThat(new ObjectStoreAnswer(Kind.STORE_ERROR, "The AWS Access Key Id you provided does not exist", "s",
        "").reason(), allOf(containsString("(The AWS Access Key Id you provided does not exist)"),
        containsString("check AWS_ACCESS_KEY_ID")));
    assertThat(new ObjectStoreAnswer(Kind.OTHER, "HTTP response code on http://h/b/k: 0", "b", "").reason(),
        containsString("no response"));
  }

  @Test
  void aNameOutsideAnyStoreIsAnsweredWithoutAStore() {
    // a local name GDAL cannot open as a raster: no store error number, so no store is blamed
    ObjectStoreAnswer a = ObjectStoreAnswer.ask("/vsimem/rios-no-such-object.tif");
    assertThat(a.refusesEveryRequest(), is(false));
  }
}
