"""A TLS front for a local HTTP server: terminates TLS with the given certificate and key
and forwards the bytes both ways, so that `cpsu-kg push` can be tested over HTTPS against
the real Oxigraph server.

Usage: tls_proxy.py CERT.pem KEY.pem LISTEN_PORT TARGET_PORT

Prints "ready" once listening. Serves until killed.
"""

import socket
import ssl
import sys
import threading


def pipe(source, sink):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for s in (source, sink):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def serve(client, context, target_port):
    try:
        secure = context.wrap_socket(client, server_side=True)
    except (ssl.SSLError, OSError):
        client.close()
        return
    upstream = socket.create_connection(("127.0.0.1", target_port))
    threading.Thread(target=pipe, args=(secure, upstream), daemon=True).start()
    pipe(upstream, secure)


def main():
    cert, key, listen_port, target_port = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    listener = socket.create_server(("127.0.0.1", listen_port))
    print("ready", flush=True)
    while True:
        client, _ = listener.accept()
        threading.Thread(target=serve, args=(client, context, target_port), daemon=True).start()


if __name__ == "__main__":
    main()
