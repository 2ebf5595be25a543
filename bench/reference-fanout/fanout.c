/*
 * Reference fan-out server for the benchmark: the floor a minimal C server pays on this machine.
 *
 * Not part of the product. It does what the "minimal C epoll server" did, so the gateway's cost per GB can be
 * compared with it side by side on the same box (`--variant c=exe:bench/reference-fanout/fanout`): one upstream
 * connection to the camera, each part parsed once into one shared, reference-counted buffer, and every viewer sent
 * that buffer with non-blocking send() from one epoll thread. A viewer still busy with a frame gets only the latest
 * one next (older pending frames are dropped), like the gateway's bounded queue. No TLS, no auth, no limits.
 *
 * It takes the gateway's command line as the bench passes it and reads only
 *   --urls=http://127.0.0.1:PORT   --Cameras:bench:Url=URL   --Cameras:bench:Profiles:hd=QUERY
 * and answers /readyz and /healthz (200 once a frame has arrived) and any other GET with the stream.
 *
 * Build: gcc -O2 -o fanout fanout.c -lpthread
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_FDS 65536
#define MAX_FRAME (8 << 20)
#define MAX_REQUEST 4096

typedef struct frame {
    atomic_int refs;
    size_t len;
    char data[];
} frame;

static void frame_release(frame *f) {
    if (f && atomic_fetch_sub(&f->refs, 1) == 1) free(f);
}

static frame *frame_retain(frame *f) {
    if (f) atomic_fetch_add(&f->refs, 1);
    return f;
}

typedef struct viewer {
    int streaming;
    size_t request_len;
    char request[MAX_REQUEST];
    const char *head; /* response head still to send, before the first frame */
    size_t head_off;
    frame *cur; /* frame being sent */
    size_t off;
    frame *next; /* latest frame waiting; replaced, never queued */
} viewer;

static viewer *viewers[MAX_FDS];
static int epfd, efd;
static pthread_mutex_t latest_lock = PTHREAD_MUTEX_INITIALIZER;
static frame *latest;

static const char STREAM_HEAD[] =
    "HTTP/1.1 200 OK\r\nContent-Type: multipart/x-mixed-replace; boundary=frame\r\n"
    "Cache-Control: no-store\r\nConnection: close\r\n\r\n";

static frame *latest_frame(void) {
    pthread_mutex_lock(&latest_lock);
    frame *f = frame_retain(latest);
    pthread_mutex_unlock(&latest_lock);
    return f;
}

/* ---- upstream: one connection to the camera, parts parsed once ---- */

static char camera_host[256], camera_port[16] = "80", camera_path[2048];

static int read_fully(int fd, char *buf, size_t len) {
    size_t got = 0;
    while (got < len) {
        ssize_t n = read(fd, buf + got, len - got);
        if (n <= 0) return -1;
        got += (size_t)n;
    }
    return 0;
}

/* Reads one line ending in \n into buf (without CR/LF); -1 on EOF or overlong line. */
static int read_line(int fd, char *buf, size_t cap) {
    size_t len = 0;
    for (;;) {
        char c;
        if (read(fd, &c, 1) != 1) return -1; /* the camera stream is small-part traffic; 1-byte reads only in headers */
        if (c == '\n') break;
        if (len + 1 >= cap) return -1;
        buf[len++] = c;
    }
    if (len && buf[len - 1] == '\r') len--;
    buf[len] = 0;
    return (int)len;
}

static void publish(frame *f) {
    pthread_mutex_lock(&latest_lock);
    frame *old = latest;
    latest = f;
    pthread_mutex_unlock(&latest_lock);
    frame_release(old);
    uint64_t one = 1;
    if (write(efd, &one, sizeof one) < 0) perror("eventfd write");
}

static void *upstream(void *arg) {
    (void)arg;
    for (;;) {
        struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *ai;
        if (getaddrinfo(camera_host, camera_port, &hints, &ai) != 0) { sleep(1); continue; }
        int fd = socket(ai->ai_family, SOCK_STREAM, 0);
        if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) { freeaddrinfo(ai); close(fd); sleep(1); continue; }
        freeaddrinfo(ai);
        char req[2400];
        int n = snprintf(req, sizeof req, "GET %s HTTP/1.0\r\nHost: %s:%s\r\n\r\n", camera_path, camera_host, camera_port);
        if (write(fd, req, (size_t)n) != n) { close(fd); sleep(1); continue; }
        char line[1024];
        while (read_line(fd, line, sizeof line) > 0) { /* response head, up to the blank line */ }
        for (;;) {
            long length = -1;
            int got = read_line(fd, line, sizeof line);
            if (got < 0) break;
            if (got == 0 || strncmp(line, "--", 2) != 0) continue; /* CRLF after a body, or preamble */
            while ((got = read_line(fd, line, sizeof line)) > 0)
                if (strncasecmp(line, "Content-Length:", 15) == 0) length = strtol(line + 15, NULL, 10);
            if (got < 0 || length <= 0 || length > MAX_FRAME) break;
            char head[128];
            int head_len = snprintf(head, sizeof head, "--frame\r\nContent-Type: image/jpeg\r\nContent-Length: %ld\r\n\r\n", length);
            frame *f = malloc(sizeof(frame) + (size_t)head_len + (size_t)length + 2);
            atomic_init(&f->refs, 1);
            memcpy(f->data, head, (size_t)head_len);
            if (read_fully(fd, f->data + head_len, (size_t)length) != 0) { free(f); break; }
            memcpy(f->data + head_len + length, "\r\n", 2);
            f->len = (size_t)head_len + (size_t)length + 2;
            publish(f);
        }
        close(fd);
        sleep(1);
    }
    return NULL;
}

/* ---- viewers ---- */

static void drop(int fd) {
    viewer *v = viewers[fd];
    if (!v) return;
    frame_release(v->cur);
    frame_release(v->next);
    free(v);
    viewers[fd] = NULL;
    close(fd);
}

static void want_write(int fd, int on) {
    struct epoll_event ev = {.events = EPOLLIN | (on ? EPOLLOUT : 0), .data.fd = fd};
    epoll_ctl(epfd, EPOLL_CTL_MOD, fd, &ev);
}

/* Sends what it can; 0 when the viewer has nothing left, 1 when the socket is full, -1 when it is gone. */
static int pump(int fd) {
    viewer *v = viewers[fd];
    while (v->head) {
        ssize_t n = send(fd, v->head + v->head_off, strlen(v->head) - v->head_off, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0) return errno == EAGAIN ? 1 : -1;
        v->head_off += (size_t)n;
        if (v->head_off == strlen(v->head)) v->head = NULL;
    }
    while (v->cur) {
        ssize_t n = send(fd, v->cur->data + v->off, v->cur->len - v->off, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0) return errno == EAGAIN ? 1 : -1;
        v->off += (size_t)n;
        if (v->off == v->cur->len) {
            frame_release(v->cur);
            v->cur = v->next;
            v->next = NULL;
            v->off = 0;
        }
    }
    return 0;
}

static void after_pump(int fd, int was_blocked) {
    int r = pump(fd);
    if (r < 0) drop(fd);
    else if (r == 1 && !was_blocked) want_write(fd, 1);
    else if (r == 0 && was_blocked) want_write(fd, 0);
}

static void on_request(int fd) {
    viewer *v = viewers[fd];
    ssize_t n = recv(fd, v->request + v->request_len, MAX_REQUEST - 1 - v->request_len, 0);
    if (n <= 0) { drop(fd); return; }
    if (v->streaming) return; /* a streaming client has nothing more to say; ignore */
    v->request_len += (size_t)n;
    v->request[v->request_len] = 0;
    if (!strstr(v->request, "\r\n\r\n")) {
        if (v->request_len >= MAX_REQUEST - 1) drop(fd);
        return;
    }
    if (strncmp(v->request, "GET /readyz", 11) == 0 || strncmp(v->request, "GET /healthz", 12) == 0) {
        frame *f = latest_frame();
        const char *answer = f ? "HTTP/1.1 200 OK\r\nContent-Length: 7\r\nConnection: close\r\n\r\nHealthy"
                               : "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        frame_release(f);
        if (send(fd, answer, strlen(answer), MSG_NOSIGNAL)) { /* best effort */ }
        drop(fd);
        return;
    }
    v->streaming = 1;
    v->head = STREAM_HEAD;
    v->cur = latest_frame(); /* a new viewer gets the latest frame at once */
    after_pump(fd, 0);
}

static void on_frame(void) {
    uint64_t count;
    if (read(efd, &count, sizeof count) < 0) return;
    frame *f = latest_frame();
    if (!f) return;
    for (int fd = 0; fd < MAX_FDS; fd++) {
        viewer *v = viewers[fd];
        if (!v || !v->streaming) continue;
        if (v->cur) { /* busy: keep only the newest */
            frame_release(v->next);
            v->next = frame_retain(f);
            continue;
        }
        v->cur = frame_retain(f);
        v->off = 0;
        after_pump(fd, 0);
    }
    frame_release(f);
}

int main(int argc, char **argv) {
    int port = 0;
    char query[1024] = "";
    char url[2048] = "";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *p;
        if ((p = strstr(a, "--urls=")) == a && (p = strrchr(a, ':'))) port = atoi(p + 1);
        else if (strncmp(a, "--Cameras:bench:Url=", 20) == 0) snprintf(url, sizeof url, "%s", a + 20);
        else if (strncmp(a, "--Cameras:bench:Profiles:hd=", 28) == 0) snprintf(query, sizeof query, "%s", a + 28);
    }
    if (!port || strncmp(url, "http://", 7) != 0) {
        fprintf(stderr, "usage: fanout --urls=http://127.0.0.1:PORT --Cameras:bench:Url=http://HOST:PORT/PATH\n");
        return 2;
    }
    /* http://host:port/path */
    const char *host = url + 7, *slash = strchr(host, '/'), *colon = strchr(host, ':');
    if (!slash) slash = host + strlen(host);
    if (colon && colon < slash) {
        snprintf(camera_host, sizeof camera_host, "%.*s", (int)(colon - host), host);
        snprintf(camera_port, sizeof camera_port, "%.*s", (int)(slash - colon - 1), colon + 1);
    } else {
        snprintf(camera_host, sizeof camera_host, "%.*s", (int)(slash - host), host);
    }
    snprintf(camera_path, sizeof camera_path, "%s%s%s", *slash ? slash : "/", query[0] ? (strchr(slash, '?') ? "&" : "?") : "", query);

    signal(SIGPIPE, SIG_IGN);
    epfd = epoll_create1(0);
    efd = eventfd(0, EFD_NONBLOCK);
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int one = 1;
    setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(lfd, 4096) != 0) { perror("listen"); return 1; }
    struct epoll_event ev = {.events = EPOLLIN, .data.fd = lfd};
    epoll_ctl(epfd, EPOLL_CTL_ADD, lfd, &ev);
    ev.data.fd = efd;
    epoll_ctl(epfd, EPOLL_CTL_ADD, efd, &ev);
    pthread_t t;
    pthread_create(&t, NULL, upstream, NULL);
    fprintf(stderr, "fanout listening on 127.0.0.1:%d, camera %s:%s%s\n", port, camera_host, camera_port, camera_path);

    struct epoll_event events[256];
    for (;;) {
        int n = epoll_wait(epfd, events, 256, -1);
        for (int i = 0; i < n; i++) {
            int fd = events[i].data.fd;
            if (fd == lfd) {
                int c;
                while ((c = accept4(lfd, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    if (c >= MAX_FDS) { close(c); continue; }
                    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    viewers[c] = calloc(1, sizeof(viewer));
                    struct epoll_event cev = {.events = EPOLLIN, .data.fd = c};
                    epoll_ctl(epfd, EPOLL_CTL_ADD, c, &cev);
                }
            } else if (fd == efd) {
                on_frame();
            } else if (viewers[fd]) {
                if (events[i].events & (EPOLLERR | EPOLLHUP)) { drop(fd); continue; }
                if (events[i].events & EPOLLIN) on_request(fd);
                if (viewers[fd] && (events[i].events & EPOLLOUT)) after_pump(fd, 1);
            }
        }
    }
}
