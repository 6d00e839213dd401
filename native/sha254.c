/*
 * nelumbo_sha254: the hot loop of CommP and of sha256-trunc254 Merkle trees.
 *
 * A tree node is SHA-256(left || right) with the top two bits of the last byte cleared. The
 * input is always 64 bytes, so the second compression block (0x80, zeros, bit length 512) is
 * constant: its message schedule plus round constants are computed once and the second block
 * runs rounds only. With SHA-NI (checked at run time with CPUID) two nodes are hashed
 * interleaved to hide the latency of sha256rnds2; without it OpenSSL's SHA256_Transform,
 * which Node exports, does the compressions. JavaScript calls in once per large chunk.
 */
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <node_api.h>
#include <openssl/sha.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#define NELUMBO_X86 1
#include <cpuid.h>
#include <immintrin.h>
#endif

static const uint32_t IV[8] = {
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
};

static const uint32_t K[64] __attribute__((aligned(16))) = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

/* The padding block of a 64-byte message, and its schedule + round constants. */
static uint8_t PAD_BLOCK[64];
static uint32_t PAD_WK[64] __attribute__((aligned(16)));
static int have_sha_ni = 0;
static int use_sha_ni = 0;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void init_tables(void) {
  uint32_t w[64];
  memset(PAD_BLOCK, 0, sizeof PAD_BLOCK);
  PAD_BLOCK[0] = 0x80;
  PAD_BLOCK[62] = 0x02; /* 512 bits, big-endian */
  for (int i = 0; i < 16; i++) {
    w[i] = ((uint32_t)PAD_BLOCK[4 * i] << 24) | ((uint32_t)PAD_BLOCK[4 * i + 1] << 16) |
           ((uint32_t)PAD_BLOCK[4 * i + 2] << 8) | (uint32_t)PAD_BLOCK[4 * i + 3];
  }
  for (int i = 16; i < 64; i++) {
    uint32_t s0 = ROTR(w[i - 15], 7) ^ ROTR(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = ROTR(w[i - 2], 17) ^ ROTR(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  for (int i = 0; i < 64; i++) PAD_WK[i] = w[i] + K[i];
#ifdef NELUMBO_X86
  unsigned int a, b, c, d;
  int ssse3 = 0, sse41 = 0, sha = 0;
  if (__get_cpuid(1, &a, &b, &c, &d)) {
    ssse3 = (c >> 9) & 1;
    sse41 = (c >> 19) & 1;
  }
  if (__get_cpuid_max(0, NULL) >= 7) {
    __cpuid_count(7, 0, a, b, c, d);
    sha = (b >> 29) & 1;
  }
  have_sha_ni = ssse3 && sse41 && sha;
#endif
  use_sha_ni = have_sha_ni;
}

/* ---- OpenSSL path: two SHA256_Transform calls per node, no per-message bookkeeping. ---- */

static void openssl_pairs(const uint8_t *in, uint8_t *out, size_t n) {
  SHA256_CTX ctx;
  for (size_t i = 0; i < n; i++) {
    memcpy(ctx.h, IV, sizeof IV);
    SHA256_Transform(&ctx, in + 64 * i);
    SHA256_Transform(&ctx, PAD_BLOCK);
    uint8_t *o = out + 32 * i;
    for (int j = 0; j < 8; j++) {
      o[4 * j] = (uint8_t)(ctx.h[j] >> 24);
      o[4 * j + 1] = (uint8_t)(ctx.h[j] >> 16);
      o[4 * j + 2] = (uint8_t)(ctx.h[j] >> 8);
      o[4 * j + 3] = (uint8_t)ctx.h[j];
    }
    o[31] &= 0x3f;
  }
}

/* ---- SHA-NI path. ---- */

#ifdef NELUMBO_X86
#define SHANI __attribute__((target("sha,sse4.1,ssse3")))

/* Four rounds on state (s0 = ABEF, s1 = CDGH) with message+constant vector wk. */
#define RNDS4(s0, s1, wk) do { \
    __m128i t_ = (wk); \
    s1 = _mm_sha256rnds2_epu32(s1, s0, t_); \
    t_ = _mm_shuffle_epi32(t_, 0x0E); \
    s0 = _mm_sha256rnds2_epu32(s0, s1, t_); \
  } while (0)

/* Next schedule vector from the previous four (ring slots a=i-4, b=i-3, c=i-2, d=i-1). */
#define SCHED(a, b, c, d) \
  _mm_sha256msg2_epu32(_mm_add_epi32(_mm_sha256msg1_epu32((a), (b)), _mm_alignr_epi8((d), (c), 4)), (d))

SHANI static inline void shani_state_from(const uint32_t *h, __m128i *s0, __m128i *s1) {
  __m128i t = _mm_loadu_si128((const __m128i *)&h[0]);
  __m128i u = _mm_loadu_si128((const __m128i *)&h[4]);
  t = _mm_shuffle_epi32(t, 0xB1);
  u = _mm_shuffle_epi32(u, 0x1B);
  *s0 = _mm_alignr_epi8(t, u, 8);
  *s1 = _mm_blend_epi16(u, t, 0xF0);
}

SHANI static inline void shani_store(__m128i s0, __m128i s1, __m128i bswap, uint8_t *o) {
  __m128i t = _mm_shuffle_epi32(s0, 0x1B);
  s1 = _mm_shuffle_epi32(s1, 0xB1);
  __m128i abcd = _mm_blend_epi16(t, s1, 0xF0);
  __m128i efgh = _mm_alignr_epi8(s1, t, 8);
  _mm_storeu_si128((__m128i *)o, _mm_shuffle_epi8(abcd, bswap));
  _mm_storeu_si128((__m128i *)(o + 16), _mm_shuffle_epi8(efgh, bswap));
  o[31] &= 0x3f;
}

/* Hashes two nodes at once: their round chains are independent, so they overlap in the core. */
SHANI static void shani_pairs(const uint8_t *in, uint8_t *out, size_t n) {
  const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i iv0, iv1;
  shani_state_from(IV, &iv0, &iv1);
  size_t i = 0;
  for (; i + 2 <= n; i += 2) {
    const uint8_t *p = in + 64 * i;
    const uint8_t *q = p + 64;
    __m128i a0 = iv0, a1 = iv1, b0 = iv0, b1 = iv1;
    __m128i wa[4], wb[4];
    for (int j = 0; j < 4; j++) {
      wa[j] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * j)), bswap);
      wb[j] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(q + 16 * j)), bswap);
    }
#pragma GCC unroll 16
    for (int r = 0; r < 16; r++) {
      if (r >= 4) {
        wa[r & 3] = SCHED(wa[r & 3], wa[(r + 1) & 3], wa[(r + 2) & 3], wa[(r + 3) & 3]);
        wb[r & 3] = SCHED(wb[r & 3], wb[(r + 1) & 3], wb[(r + 2) & 3], wb[(r + 3) & 3]);
      }
      const __m128i k = _mm_load_si128((const __m128i *)&K[4 * r]);
      RNDS4(a0, a1, _mm_add_epi32(wa[r & 3], k));
      RNDS4(b0, b1, _mm_add_epi32(wb[r & 3], k));
    }
    a0 = _mm_add_epi32(a0, iv0); a1 = _mm_add_epi32(a1, iv1);
    b0 = _mm_add_epi32(b0, iv0); b1 = _mm_add_epi32(b1, iv1);
    __m128i c0 = a0, c1 = a1, d0 = b0, d1 = b1;
#pragma GCC unroll 16
    for (int r = 0; r < 16; r++) {
      const __m128i wk = _mm_load_si128((const __m128i *)&PAD_WK[4 * r]);
      RNDS4(a0, a1, wk);
      RNDS4(b0, b1, wk);
    }
    shani_store(_mm_add_epi32(a0, c0), _mm_add_epi32(a1, c1), bswap, out + 32 * i);
    shani_store(_mm_add_epi32(b0, d0), _mm_add_epi32(b1, d1), bswap, out + 32 * i + 32);
  }
  for (; i < n; i++) {
    const uint8_t *p = in + 64 * i;
    __m128i a0 = iv0, a1 = iv1;
    __m128i wa[4];
    for (int j = 0; j < 4; j++) {
      wa[j] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * j)), bswap);
    }
#pragma GCC unroll 16
    for (int r = 0; r < 16; r++) {
      if (r >= 4) wa[r & 3] = SCHED(wa[r & 3], wa[(r + 1) & 3], wa[(r + 2) & 3], wa[(r + 3) & 3]);
      RNDS4(a0, a1, _mm_add_epi32(wa[r & 3], _mm_load_si128((const __m128i *)&K[4 * r])));
    }
    a0 = _mm_add_epi32(a0, iv0); a1 = _mm_add_epi32(a1, iv1);
    __m128i c0 = a0, c1 = a1;
#pragma GCC unroll 16
    for (int r = 0; r < 16; r++) RNDS4(a0, a1, _mm_load_si128((const __m128i *)&PAD_WK[4 * r]));
    shani_store(_mm_add_epi32(a0, c0), _mm_add_epi32(a1, c1), bswap, out + 32 * i);
  }
}
#endif

/* Hashes n consecutive 64-byte pairs of `in` into n 32-byte nodes of `out` (out may equal in). */
static void hash_pairs(const uint8_t *in, uint8_t *out, size_t n) {
#ifdef NELUMBO_X86
  if (use_sha_ni) {
    shani_pairs(in, out, n);
    return;
  }
#endif
  openssl_pairs(in, out, n);
}

/* ---- Subtree roots with a per-level stack, in cache-sized blocks. ---- */

#define BLOCK_LEAVES 1024 /* 32 KiB of leaves reduced in place before moving on */

typedef struct {
  uint8_t node[64][32];
  uint64_t mask;
} level_stack;

static void stack_push(level_stack *s, const uint8_t *node, int level) {
  uint8_t cur[64];
  memcpy(cur + 32, node, 32);
  while (s->mask & ((uint64_t)1 << level)) {
    memcpy(cur, s->node[level], 32);
    hash_pairs(cur, cur + 32, 1);
    s->mask &= ~((uint64_t)1 << level);
    level++;
  }
  memcpy(s->node[level], cur + 32, 32);
  s->mask |= (uint64_t)1 << level;
}

static int log2_exact(size_t n) {
  int l = 0;
  while (((size_t)1 << l) < n) l++;
  return l;
}

/* Reduces `leaves` 32-byte leaves in buf (a power of two) to buf[0..32). */
static void reduce_in_place(uint8_t *buf, size_t leaves) {
  while (leaves > 1) {
    hash_pairs(buf, buf, leaves / 2);
    leaves /= 2;
  }
}

/* fr32: 127 bytes become four 32-byte leaves of 254 bits each (top two bits zero). */
static void fr32_pad_quad(const uint8_t *in, uint8_t *out) {
  memcpy(out, in, 31);
  out[31] = in[31] & 0x3f;
  for (int i = 0; i < 32; i++) out[32 + i] = (uint8_t)((in[31 + i] >> 6) | (in[32 + i] << 2));
  out[63] &= 0x3f;
  for (int i = 0; i < 32; i++) out[64 + i] = (uint8_t)((in[63 + i] >> 4) | (in[64 + i] << 4));
  out[95] &= 0x3f;
  for (int i = 0; i < 31; i++) out[96 + i] = (uint8_t)((in[95 + i] >> 2) | (in[96 + i] << 6));
  out[127] = (uint8_t)(in[126] >> 2);
}

static int fr32_root(const uint8_t *in, size_t len, uint8_t *root) {
  size_t quads = len / 127;
  if (len == 0 || len % 127 != 0 || (quads & (quads - 1)) != 0) return 0;
  static __thread uint8_t buf[BLOCK_LEAVES * 32];
  size_t per_block = quads < BLOCK_LEAVES / 4 ? quads : BLOCK_LEAVES / 4;
  int level = log2_exact(per_block * 4);
  level_stack s;
  s.mask = 0;
  for (size_t q = 0; q < quads; q += per_block) {
    for (size_t j = 0; j < per_block; j++) fr32_pad_quad(in + 127 * (q + j), buf + 128 * j);
    reduce_in_place(buf, per_block * 4);
    stack_push(&s, buf, level);
  }
  memcpy(root, s.node[log2_exact(quads * 4)], 32);
  return 1;
}

static int leaves_root(const uint8_t *in, size_t len, uint8_t *root) {
  size_t leaves = len / 32;
  if (len == 0 || len % 32 != 0 || (leaves & (leaves - 1)) != 0) return 0;
  if (leaves == 1) {
    memcpy(root, in, 32);
    return 1;
  }
  static __thread uint8_t buf[BLOCK_LEAVES * 16];
  size_t per_block = leaves < BLOCK_LEAVES ? leaves : BLOCK_LEAVES;
  int level = log2_exact(per_block);
  level_stack s;
  s.mask = 0;
  for (size_t i = 0; i < leaves; i += per_block) {
    hash_pairs(in + 32 * i, buf, per_block / 2);
    reduce_in_place(buf, per_block / 2);
    stack_push(&s, buf, level);
  }
  memcpy(root, s.node[log2_exact(leaves)], 32);
  return 1;
}

/* ---- N-API glue. ---- */

static int get_bytes(napi_env env, napi_value v, uint8_t **data, size_t *len) {
  bool is_ta = false;
  if (napi_is_typedarray(env, v, &is_ta) != napi_ok || !is_ta) return 0;
  napi_typedarray_type type;
  size_t length, offset;
  napi_value ab;
  void *p;
  if (napi_get_typedarray_info(env, v, &type, &length, &p, &ab, &offset) != napi_ok) return 0;
  if (type != napi_uint8_array) return 0;
  *data = (uint8_t *)p;
  *len = length;
  return 1;
}

static napi_value make_root(napi_env env, const uint8_t *root) {
  napi_value out;
  void *copy;
  if (napi_create_buffer_copy(env, 32, root, &copy, &out) != napi_ok) return NULL;
  return out;
}

static napi_value js_fr32_root(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  uint8_t *in, root[32];
  size_t len;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || !get_bytes(env, argv[0], &in, &len)) {
    napi_throw_type_error(env, NULL, "fr32Root expects a Uint8Array");
    return NULL;
  }
  if (!fr32_root(in, len, root)) {
    napi_throw_range_error(env, NULL, "fr32Root: length must be 127 * 2^k bytes");
    return NULL;
  }
  return make_root(env, root);
}

static napi_value js_leaves_root(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  uint8_t *in, root[32];
  size_t len;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || !get_bytes(env, argv[0], &in, &len)) {
    napi_throw_type_error(env, NULL, "rootOfLeaves expects a Uint8Array");
    return NULL;
  }
  if (!leaves_root(in, len, root)) {
    napi_throw_range_error(env, NULL, "rootOfLeaves: length must be 32 * 2^k bytes");
    return NULL;
  }
  return make_root(env, root);
}

static napi_value js_reduce_layer(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  uint8_t *in, *out;
  size_t in_len, out_len;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 2 || !get_bytes(env, argv[0], &in, &in_len) || !get_bytes(env, argv[1], &out, &out_len)) {
    napi_throw_type_error(env, NULL, "reduceLayer expects (src: Uint8Array, dst: Uint8Array)");
    return NULL;
  }
  if (in_len % 64 != 0 || out_len < in_len / 2) {
    napi_throw_range_error(env, NULL, "reduceLayer: src must be a multiple of 64 bytes and dst at least half its size");
    return NULL;
  }
  /* In place (dst == src) is safe: node i is written after pair i is read, at a lower offset. */
  if (out != in && out < in + in_len && in < out + out_len) {
    napi_throw_range_error(env, NULL, "reduceLayer: dst must be src itself or not overlap it");
    return NULL;
  }
  hash_pairs(in, out, in_len / 64);
  return NULL;
}

static napi_value implementation_name(napi_env env) {
  napi_value s;
  napi_create_string_utf8(env, use_sha_ni ? "sha-ni" : "openssl", NAPI_AUTO_LENGTH, &s);
  return s;
}

static napi_value js_implementation(napi_env env, napi_callback_info info) {
  (void)info;
  return implementation_name(env);
}

/* Lets tests run the OpenSSL path on a SHA-NI machine; returns the implementation now in use. */
static napi_value js_set_sha_ni(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  bool enable = false;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc >= 1) napi_get_value_bool(env, argv[0], &enable);
  use_sha_ni = enable && have_sha_ni;
  return implementation_name(env);
}

NAPI_MODULE_INIT() {
  pthread_once(&init_once, init_tables);
  napi_property_descriptor props[] = {
    { "fr32Root", NULL, js_fr32_root, NULL, NULL, NULL, napi_enumerable, NULL },
    { "rootOfLeaves", NULL, js_leaves_root, NULL, NULL, NULL, napi_enumerable, NULL },
    { "reduceLayer", NULL, js_reduce_layer, NULL, NULL, NULL, napi_enumerable, NULL },
    { "implementation", NULL, js_implementation, NULL, NULL, NULL, napi_enumerable, NULL },
    { "setShaNi", NULL, js_set_sha_ni, NULL, NULL, NULL, napi_enumerable, NULL },
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}
