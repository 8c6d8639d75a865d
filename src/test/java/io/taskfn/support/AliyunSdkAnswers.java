package io.taskfn.support;

import com.aliyuncs.AcsError;
import com.aliyuncs.AcsResponse;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.exceptions.ServerException;
import com.aliyuncs.http.FormatType;
import com.aliyuncs.reader.Reader;
import com.aliyuncs.reader.ReaderFactory;
import com.aliyuncs.transform.UnmarshallerContext;
import io.restassured.response.ValidatableResponse;

/**
 * Reads an answer as an Alibaba Cloud Java SDK reads one (a product's models, such as
 * aliyun-java-sdk-schedulerx2 1.1.1 for the jobs family or aliyun-java-sdk-fnf 1.8.0 for the flows
 * family, over aliyun-java-sdk-core): the SDK client's JSON reader flattens the body under the
 * response class's name, and the class's generated unmarshaller picks its fields by the vendor's
 * names and converts them to the vendor's types; an answer that is not 2xx becomes the {@link
 * ClientException} (or {@link ServerException} from 500 on) the client throws, read with the SDK's
 * error unmarshaller. This is what {@code DefaultAcsClient} does with an HTTP answer for these
 * classes (none carries the JAXB annotation that would send it another way).
 */
public final class AliyunSdkAnswers {
  private AliyunSdkAnswers() {}

  public static <T extends AcsResponse> T read(Class<T> type, ValidatableResponse answer)
      throws ClientException {
    String body = answer.extract().asString();
    int status = answer.extract().statusCode();
    Reader reader = ReaderFactory.createInstance(FormatType.JSON);
    if (status < 200 || status >= 300) {
      UnmarshallerContext context = new UnmarshallerContext();
      context.setHttpStatus(status);
      context.setResponseMap(reader.read(body, "Error"));
      AcsError error = new AcsError().getInstance(context);
      if (status >= 500) {
        throw new ServerException(
            error.getErrorCode(), error.getErrorMessage(), error.getRequestId());
      }
      throw new ClientException(
          error.getErrorCode(), error.getErrorMessage(), error.getRequestId());
    }
    try {
      T response = type.getDeclaredConstructor().newInstance();
      UnmarshallerContext context = new UnmarshallerContext();
      context.setHttpStatus(status);
      context.setResponseMap(
          response.checkShowJsonItemName()
              ? reader.read(body, type.getSimpleName())
              : reader.readForHideArrayItem(body, type.getSimpleName()));
      response.getInstance(context);
      return response;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
