#ifndef SG_DIGEST_H
#define SG_DIGEST_H

#include <stddef.h>

// SHA-256 without any library: content addresses, file_id cache keys and backup manifests hash
// with this, so none of them loads libvips (and its hundred shared libraries) just for a digest.

/// Writes the SHA-256 of `data` as 64 lowercase hex digits and a NUL into `out`.
/// Uses the CPU's SHA extensions when it has them (x86-64), otherwise portable C.
void sg_sha256_hex(const void *data, size_t length, char out[65]);

/// The portable path alone, so tests can check both paths against each other.
void sg_sha256_hex_portable(const void *data, size_t length, char out[65]);

/// An incremental SHA-256 (for content streamed in chunks): init, update any number of times, final.
typedef struct {
    unsigned int state[8];
    unsigned char pending[64];
    size_t pending_length;
    unsigned long long total_length;
} sg_sha256_context;

void sg_sha256_init(sg_sha256_context *context);
void sg_sha256_update(sg_sha256_context *context, const void *data, size_t length);
/// Writes the digest of everything passed to update as 64 lowercase hex digits and a NUL.
void sg_sha256_final_hex(sg_sha256_context *context, char out[65]);

/// 1 when `sg_sha256_hex` uses the CPU's SHA instructions on this machine.
int sg_sha256_uses_cpu_extensions(void);

#endif
