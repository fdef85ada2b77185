// Every libvips, GObject and GLib function the shim calls: the one list. sg_vips_dl.c resolves
// each with dlsym when libvips is first needed; the shim calls them as V(name)(...). A call
// written without V() is a link error (nothing links libvips), never a crash at run time.
#define SG_VIPS_SYMBOLS(X) \
    X(g_free) X(g_log_set_handler) X(g_markup_escape_text) X(g_object_unref) X(g_strdup_printf) \
    X(g_type_from_name) \
    X(vips_area_unref) X(vips_array_double_newv) X(vips_bandjoin) X(vips_block_untrusted_set) \
    X(vips_cache_set_max) X(vips_cast) X(vips_colourspace) X(vips_concurrency_set) X(vips_copy) \
    X(vips_error_buffer_copy) X(vips_error_clear) X(vips_extract_band) X(vips_flatten) \
    X(vips_foreign_find_load_buffer) X(vips_foreign_find_load_source) X(vips_format_sizeof) \
    X(vips_icc_transform) X(vips_image_get_int) X(vips_image_get_orientation) \
    X(vips_image_get_typeof) X(vips_image_guess_interpretation) X(vips_image_hasalpha) \
    X(vips_image_new_from_buffer) X(vips_image_new_from_memory_copy) X(vips_image_new_from_source) \
    X(vips_image_set_int) X(vips_image_write_to_buffer) X(vips_image_write_to_memory) X(vips_init) \
    X(vips_nickname_find) X(vips_object_map) X(vips_source_new_from_file) X(vips_text) \
    X(vips_thread_shutdown) X(vips_version)
