package dev.uptally.collector.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;

/** Turns an {@link HttpReply} into a Netty response. */
final class Responses {

  private Responses() {}

  static FullHttpResponse toNetty(HttpReply reply, HttpVersion version, boolean keepAlive) {
    FullHttpResponse response = new DefaultFullHttpResponse(
        version, HttpResponseStatus.valueOf(reply.status()), Unpooled.wrappedBuffer(reply.body()));
    for (Map.Entry<String, String> header : reply.headers().entrySet()) {
      response.headers().set(header.getKey(), header.getValue());
    }
    if (reply.body().length > 0 || reply.contentType() != null) {
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
    }
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
    if (!keepAlive) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (version.equals(HttpVersion.HTTP_1_0)) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    return response;
  }
}
