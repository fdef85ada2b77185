// libjpeg error handling shared by CJpeg's files (see sg_jpeg_errors.h).
#include <string.h>
#include <jerror.h>
#include "sg_jpeg_errors.h"

static void remember(j_common_ptr cinfo) {
    sg_jpeg_errors *manager = (sg_jpeg_errors *) cinfo->err;
    if (manager->error && manager->error_size > 0) {
        char text[JMSG_LENGTH_MAX];
        cinfo->err->format_message(cinfo, text);
        snprintf(manager->error, manager->error_size, "%s", text);
    }
}

static void on_error_exit(j_common_ptr cinfo) {
    remember(cinfo);
    longjmp(((sg_jpeg_errors *) cinfo->err)->jump, 1);
}

static void on_emit_message(j_common_ptr cinfo, int level) {
    if (level >= 0)
        return;  // trace messages
    if (cinfo->err->msg_code == JWRN_JPEG_EOF) {
        remember(cinfo);
        longjmp(((sg_jpeg_errors *) cinfo->err)->jump, 1);
    }
    cinfo->err->num_warnings++;
}

static void on_output_message(j_common_ptr cinfo) {
    (void) cinfo;  // never print: errors are returned
}

struct jpeg_error_mgr *sg_jpeg_errors_init(sg_jpeg_errors *manager, char *error, size_t error_size) {
    jpeg_std_error(&manager->pub);
    manager->pub.error_exit = on_error_exit;
    manager->pub.emit_message = on_emit_message;
    manager->pub.output_message = on_output_message;
    manager->error = error;
    manager->error_size = error_size;
    manager->output = NULL;
    manager->output_size = 0;
    if (error && error_size > 0)
        error[0] = 0;
    return &manager->pub;
}

void sg_jpeg_fail_with(char *error, size_t error_size, const char *text) {
    if (error && error_size > 0)
        snprintf(error, error_size, "%s", text);
}

void sg_jpeg_fail(sg_jpeg_errors *manager, const char *text) {
    sg_jpeg_fail_with(manager->error, manager->error_size, text);
    longjmp(manager->jump, 1);
}

int sg_jpeg_looks_like_jpeg(const void *data, size_t length) {
    const unsigned char *bytes = data;
    return data && length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF;
}
