// libcurl for the HTTP transport (Telegram, S3). Swift cannot call C variadic functions (curl_easy_setopt,
// curl_easy_getinfo, curl_multi_setopt), so the few options the transport uses are set here.
#ifndef SOGRETO_CCURL_SHIM_H
#define SOGRETO_CCURL_SHIM_H

#include <curl/curl.h>

typedef size_t (*sg_curl_write_fn)(char *data, size_t size, size_t count, void *context);
#define SG_SET(option, value) do { CURLcode rc = curl_easy_setopt(handle, option, value); if (rc) return rc; } while (0)

/// One request on a fresh or reset easy handle. `body_length` < 0 means GET; otherwise a POST
/// whose body libcurl copies. `context` comes back in the write callback and as CURLINFO_PRIVATE.
/// `stall_seconds` > 0 aborts a transfer that moved no byte for that long (uploads, downloads).
static inline CURLcode sg_curl_prepare(CURL *handle, const char *url, const char *body, long body_length,
                                       struct curl_slist *headers, long timeout_ms, long connect_timeout_ms,
                                       long stall_seconds, sg_curl_write_fn write, void *context) {
    SG_SET(CURLOPT_URL, url);
    SG_SET(CURLOPT_NOSIGNAL, 1L);
    SG_SET(CURLOPT_TCP_NODELAY, 1L);
    SG_SET(CURLOPT_TIMEOUT_MS, timeout_ms);
    SG_SET(CURLOPT_CONNECTTIMEOUT_MS, connect_timeout_ms < timeout_ms ? connect_timeout_ms : timeout_ms);
    if (stall_seconds > 0) {
        SG_SET(CURLOPT_LOW_SPEED_LIMIT, 1L);
        SG_SET(CURLOPT_LOW_SPEED_TIME, stall_seconds);
    }
    // A kept-alive connection idle this long may have been dropped by a proxy or NAT without a
    // word; a request written into it would wait for its whole timeout, so open a new one.
    SG_SET(CURLOPT_MAXAGE_CONN, 30L);
    SG_SET(CURLOPT_TCP_KEEPALIVE, 1L);
    SG_SET(CURLOPT_TCP_KEEPIDLE, 15L);
    SG_SET(CURLOPT_TCP_KEEPINTVL, 5L);
    SG_SET(CURLOPT_WRITEFUNCTION, write);
    SG_SET(CURLOPT_WRITEDATA, context);
    SG_SET(CURLOPT_PRIVATE, context);
    if (headers != NULL) SG_SET(CURLOPT_HTTPHEADER, headers);
    if (body_length >= 0) {
        SG_SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_length);
        SG_SET(CURLOPT_COPYPOSTFIELDS, body_length > 0 ? body : "");
    } else {
        SG_SET(CURLOPT_HTTPGET, 1L);
    }
    return CURLE_OK;
}

typedef size_t (*sg_curl_read_fn)(char *buffer, size_t size, size_t count, void *context);
typedef int (*sg_curl_seek_fn)(void *context, curl_off_t offset, int origin);

/// What a request needs beyond sg_curl_prepare (called after it): another method (`method`,
/// NULL keeps GET or POST), no reply body (HEAD), a body of `upload_length` bytes pulled through
/// `read` (`seek` rewinds it when libcurl sends it again; HEAD also reads Last-Modified), and AWS Signature V4 computed by
/// libcurl (`aws_sigv4` as "aws:amz:REGION:SERVICE", `userpwd` as "KEY:SECRET").
static inline CURLcode sg_curl_prepare_more(CURL *handle, const char *method, int no_body, long long upload_length,
                                            sg_curl_read_fn read, sg_curl_seek_fn seek, void *context,
                                            const char *aws_sigv4, const char *userpwd) {
    if (upload_length >= 0) {
        SG_SET(CURLOPT_UPLOAD, 1L);
        SG_SET(CURLOPT_INFILESIZE_LARGE, (curl_off_t)upload_length);
        SG_SET(CURLOPT_READFUNCTION, read);
        SG_SET(CURLOPT_READDATA, context);
        SG_SET(CURLOPT_SEEKFUNCTION, seek);
        SG_SET(CURLOPT_SEEKDATA, context);
    }
    if (no_body) {
        SG_SET(CURLOPT_NOBODY, 1L);
        SG_SET(CURLOPT_FILETIME, 1L);
    }
    if (method != NULL) SG_SET(CURLOPT_CUSTOMREQUEST, method);
    if (aws_sigv4 != NULL) {
        SG_SET(CURLOPT_AWS_SIGV4, aws_sigv4);
        SG_SET(CURLOPT_USERPWD, userpwd);
    }
    return CURLE_OK;
}
#undef SG_SET

/// The reply's Content-Length (-1 when it had none), e.g. the size a HEAD reports.
static inline long long sg_curl_content_length(CURL *handle) {
    curl_off_t length = -1;
    curl_easy_getinfo(handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
    return (long long)length;
}

/// The reply's Last-Modified as seconds since 1970 (-1 when it had none; asked for on HEAD).
static inline long long sg_curl_file_time(CURL *handle) {
    curl_off_t seconds = -1;
    curl_easy_getinfo(handle, CURLINFO_FILETIME_T, &seconds);
    return (long long)seconds;
}

static inline long sg_curl_response_code(CURL *handle) {
    long code = 0;
    curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &code);
    return code;
}

/// Seconds from the request's start until the connection was ready (0: it never was) and
/// until the end, and the bytes of the request sent: what a timeout message reports.
static inline void sg_curl_timings(CURL *handle, double *connected, double *total, double *uploaded) {
    curl_off_t pretransfer = 0, elapsed = 0, sent = 0;
    curl_easy_getinfo(handle, CURLINFO_PRETRANSFER_TIME_T, &pretransfer);
    curl_easy_getinfo(handle, CURLINFO_TOTAL_TIME_T, &elapsed);
    curl_easy_getinfo(handle, CURLINFO_SIZE_UPLOAD_T, &sent);
    *connected = (double)pretransfer / 1e6;
    *total = (double)elapsed / 1e6;
    *uploaded = (double)sent;
}

static inline void *sg_curl_private(CURL *handle) {
    char *context = NULL;
    curl_easy_getinfo(handle, CURLINFO_PRIVATE, &context);
    return context;
}

static inline CURLMcode sg_curl_multi_configure(CURLM *multi, long max_host_connections) {
    CURLMcode rc = curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, max_host_connections);
    if (rc != CURLM_OK) return rc;
    return curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, max_host_connections);
}

#endif
