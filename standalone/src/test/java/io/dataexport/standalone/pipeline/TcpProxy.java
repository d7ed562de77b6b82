package io.dataexport.standalone.pipeline;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of one server, so a test can take the server out of everyone's reach and
 * bring it back: {@link #stop} closes the listener and every connection through it (clients see
 * their connections reset and new ones refused), {@link #start} listens again on the same port. One
 * thread accepts; each connection has one thread per direction.
 */
final class TcpProxy implements AutoCloseable {

  private static final String HOST = "127.0.0.1";

  private final InetSocketAddress target;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private ServerSocket listener;
  private int port;

  TcpProxy(InetSocketAddress target) {
    this.target = target;
  }

  /** Listens on a free port the first time, on the same port after a {@link #stop}. */
  synchronized TcpProxy start() throws IOException {
    if (listener != null) {
      return this;
    }
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(HOST, port));
    port = socket.getLocalPort();
    listener = socket;
    daemon("proxy-accept-" + port, () -> accept(socket));
    return this;
  }

  /** Stops listening and cuts every connection: the server is unreachable until {@link #start}. */
  synchronized void stop() {
    if (listener == null) {
      return;
    }
    closeQuietly(listener);
    listener = null;
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
    sockets.clear();
  }

  int port() {
    return port;
  }

  @Override
  public void close() {
    stop();
  }

  private void accept(ServerSocket server) {
    while (!server.isClosed()) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // stopped
      }
      Socket upstream = new Socket();
      try {
        upstream.connect(target, 1000);
      } catch (IOException e) {
        closeQuietly(client);
        closeQuietly(upstream);
        continue;
      }
      synchronized (this) {
        if (listener != server) { // stopped meanwhile: this connection must not live on
          closeQuietly(client);
          closeQuietly(upstream);
          return;
        }
        sockets.add(client);
        sockets.add(upstream);
      }
      daemon("proxy-up-" + port, () -> pipe(client, upstream));
      daemon("proxy-down-" + port, () -> pipe(upstream, client));
    }
  }

  /** Copies one direction until either side closes, then closes both. */
  private void pipe(Socket from, Socket to) {
    byte[] buffer = new byte[64 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int n; (n = in.read(buffer)) >= 0; ) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // cut, or the other side went away
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      sockets.remove(from);
      sockets.remove(to);
    }
  }

  private static void daemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // closing anyway
    }
  }
}
