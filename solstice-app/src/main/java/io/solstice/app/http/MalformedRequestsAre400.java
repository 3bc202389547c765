package io.solstice.app.http;

import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpChannelOverHttp;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.HttpConnectionFactory;

/**
 * Jetty's HTTP/1.1 connections, except that a request Jetty's parser cannot accept is always
 * answered as a client error: the parser answers some malformed requests with a 5xx (a request
 * line without a version, e.g. one broken by a line break in its target, is "505 HTTP/0.9 not
 * supported"; an unknown transfer coding is "501"), which would read as a server failure. Such
 * answers become 400 with the parser's reason; everything else is Jetty's own behaviour.
 */
final class MalformedRequestsAre400 extends HttpConnectionFactory {

  MalformedRequestsAre400(HttpConfiguration config) {
    super(config);
  }

  @Override
  public Connection newConnection(Connector connector, EndPoint endPoint) {
    HttpConnection connection = new HttpConnection(getHttpConfiguration(), connector, endPoint, isRecordHttpComplianceViolations()) {
      @Override
      protected HttpChannelOverHttp newHttpChannel() {
        return new HttpChannelOverHttp(this, getConnector(), getHttpConfiguration(), getEndPoint(), this) {
          @Override
          public void badMessage(BadMessageException failure) {
            super.badMessage(failure.getCode() >= 500 ? new BadMessageException(400, failure.getReason(), failure) : failure);
          }
        };
      }
    };
    return configure(connection, connector, endPoint);
  }
}
