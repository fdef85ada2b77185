// Every libvips, GObject and GLib symbol the CVips shim uses, resolved with dlsym when libvips
// is first needed (sg_vips_dl.c). No other file may name a libvips/glib symbol the shim calls:
// the executable does not link libvips, so a name missing here is an "undefined reference" at
// link time (never a crash at run time).
//
// To use a new libvips/glib function or variable in the shim, add its name in BOTH sections,
// in alphabetical order:
//   1. `SG_VIPS_SYMBOL(vips_foo)` in the first section: declares and resolves the pointer
//      sg_dl_vips_foo with the exact type of the declaration in the libvips headers (__typeof__);
//   2. `#undef vips_foo` + `#define vips_foo SG_VIPS_DL(vips_foo)` in the second section, so the
//      shim's code (and macros such as VIPS_IMAGE or G_OBJECT that expand to calls) compiles
//      unchanged and calls through the pointer.
// Forgetting section 1 is a compile error (sg_dl_vips_foo undeclared); forgetting section 2 is
// a link error (undefined reference to vips_foo). To see which names the shim's object files
// still reference directly: `nm -u .build/debug/CVips.build/*.o | grep -E ' (g|vips)_'` (check the
// release objects too: with optimisation GLib's g_new0() and friends call g_malloc0 and co.).
//
// This header has no include guard on purpose: it is an X-macro list, included once to declare
// the pointers (sg_vips_dl.h), once to rename (sg_vips_dl.h, with SG_VIPS_RENAME), and twice in
// sg_vips_dl.c to define the pointers and to build the dlsym table.

#ifndef SG_VIPS_RENAME

SG_VIPS_SYMBOL(g_build_filename)
SG_VIPS_SYMBOL(g_free)
SG_VIPS_SYMBOL(g_getenv)
SG_VIPS_SYMBOL(g_log)
SG_VIPS_SYMBOL(g_log_set_handler)
SG_VIPS_SYMBOL(g_malloc)
SG_VIPS_SYMBOL(g_malloc0)
SG_VIPS_SYMBOL(g_malloc0_n)
SG_VIPS_SYMBOL(g_malloc_n)
SG_VIPS_SYMBOL(g_markup_escape_text)
SG_VIPS_SYMBOL(g_module_open)
SG_VIPS_SYMBOL(g_mutex_lock)
SG_VIPS_SYMBOL(g_mutex_unlock)
SG_VIPS_SYMBOL(g_object_ref)
SG_VIPS_SYMBOL(g_object_set_data_full)
SG_VIPS_SYMBOL(g_object_unref)
SG_VIPS_SYMBOL(g_path_get_dirname)
SG_VIPS_SYMBOL(g_setenv)
SG_VIPS_SYMBOL(g_signal_connect_data)
SG_VIPS_SYMBOL(g_strdup_printf)
SG_VIPS_SYMBOL(g_strlcpy)
SG_VIPS_SYMBOL(g_try_malloc)
SG_VIPS_SYMBOL(g_try_malloc0)
SG_VIPS_SYMBOL(g_try_malloc0_n)
SG_VIPS_SYMBOL(g_try_malloc_n)
SG_VIPS_SYMBOL(g_type_check_instance_cast)
SG_VIPS_SYMBOL(g_type_from_name)
SG_VIPS_SYMBOL(vips_area_unref)
SG_VIPS_SYMBOL(vips_array_double_newv)
SG_VIPS_SYMBOL(vips_autorot)
SG_VIPS_SYMBOL(vips_bandjoin)
SG_VIPS_SYMBOL(vips_blob_copy)
SG_VIPS_SYMBOL(vips_blob_get)
SG_VIPS_SYMBOL(vips_block_untrusted_set)
SG_VIPS_SYMBOL(vips_cache_set_max)
SG_VIPS_SYMBOL(vips_cast)
SG_VIPS_SYMBOL(vips_colourspace)
SG_VIPS_SYMBOL(vips_concurrency_set)
SG_VIPS_SYMBOL(vips_copy)
SG_VIPS_SYMBOL(vips_crop)
SG_VIPS_SYMBOL(vips_error)
SG_VIPS_SYMBOL(vips_error_buffer_copy)
SG_VIPS_SYMBOL(vips_error_clear)
SG_VIPS_SYMBOL(vips_extract_band)
SG_VIPS_SYMBOL(vips_flatten)
SG_VIPS_SYMBOL(vips_foreign_find_load_buffer)
SG_VIPS_SYMBOL(vips_foreign_find_load_source)
SG_VIPS_SYMBOL(vips_foreign_find_save_buffer)
SG_VIPS_SYMBOL(vips_format_sizeof)
SG_VIPS_SYMBOL(vips_format_sizeof_unsafe)
SG_VIPS_SYMBOL(vips_icc_transform)
SG_VIPS_SYMBOL(vips_image_copy_memory)
SG_VIPS_SYMBOL(vips_image_generate)
SG_VIPS_SYMBOL(vips_image_get_int)
SG_VIPS_SYMBOL(vips_image_get_orientation)
SG_VIPS_SYMBOL(vips_image_get_typeof)
SG_VIPS_SYMBOL(vips_image_guess_interpretation)
SG_VIPS_SYMBOL(vips_image_hasalpha)
SG_VIPS_SYMBOL(vips_image_new)
SG_VIPS_SYMBOL(vips_image_new_from_buffer)
SG_VIPS_SYMBOL(vips_image_new_from_memory_copy)
SG_VIPS_SYMBOL(vips_image_new_from_source)
SG_VIPS_SYMBOL(vips_image_new_memory)
SG_VIPS_SYMBOL(vips_image_remove)
SG_VIPS_SYMBOL(vips_image_pipelinev)
SG_VIPS_SYMBOL(vips_image_set_int)
SG_VIPS_SYMBOL(vips_image_write_prepare)
SG_VIPS_SYMBOL(vips_image_write_to_buffer)
SG_VIPS_SYMBOL(vips_image_write_to_memory)
SG_VIPS_SYMBOL(vips_init)
SG_VIPS_SYMBOL(vips_jpegsave_buffer)
SG_VIPS_SYMBOL(vips_nickname_find)
SG_VIPS_SYMBOL(vips_object_get_type)
SG_VIPS_SYMBOL(vips_object_local_array)
SG_VIPS_SYMBOL(vips_object_local_cb)
SG_VIPS_SYMBOL(vips_object_map)
SG_VIPS_SYMBOL(vips_rect_includespoint)
SG_VIPS_SYMBOL(vips_region_new)
SG_VIPS_SYMBOL(vips_region_prepare)
SG_VIPS_SYMBOL(vips_resize)
SG_VIPS_SYMBOL(vips_source_new_from_file)
SG_VIPS_SYMBOL(vips_start_one)
SG_VIPS_SYMBOL(vips_stop_one)
SG_VIPS_SYMBOL(vips_text)
SG_VIPS_SYMBOL(vips_thread_shutdown)
SG_VIPS_SYMBOL(vips_version)

#else  // SG_VIPS_RENAME: calls in the shim go through the resolved pointers

#undef g_build_filename
#define g_build_filename SG_VIPS_DL(g_build_filename)
#undef g_free
#define g_free SG_VIPS_DL(g_free)
#undef g_getenv
#define g_getenv SG_VIPS_DL(g_getenv)
#undef g_log
#define g_log SG_VIPS_DL(g_log)
#undef g_log_set_handler
#define g_log_set_handler SG_VIPS_DL(g_log_set_handler)
#undef g_malloc
#define g_malloc SG_VIPS_DL(g_malloc)
#undef g_malloc0
#define g_malloc0 SG_VIPS_DL(g_malloc0)
#undef g_malloc0_n
#define g_malloc0_n SG_VIPS_DL(g_malloc0_n)
#undef g_malloc_n
#define g_malloc_n SG_VIPS_DL(g_malloc_n)
#undef g_markup_escape_text
#define g_markup_escape_text SG_VIPS_DL(g_markup_escape_text)
#undef g_module_open
#define g_module_open SG_VIPS_DL(g_module_open)
#undef g_mutex_lock
#define g_mutex_lock SG_VIPS_DL(g_mutex_lock)
#undef g_mutex_unlock
#define g_mutex_unlock SG_VIPS_DL(g_mutex_unlock)
#undef g_object_ref
#define g_object_ref SG_VIPS_DL(g_object_ref)
#undef g_object_set_data_full
#define g_object_set_data_full SG_VIPS_DL(g_object_set_data_full)
#undef g_object_unref
#define g_object_unref SG_VIPS_DL(g_object_unref)
#undef g_path_get_dirname
#define g_path_get_dirname SG_VIPS_DL(g_path_get_dirname)
#undef g_setenv
#define g_setenv SG_VIPS_DL(g_setenv)
#undef g_signal_connect_data
#define g_signal_connect_data SG_VIPS_DL(g_signal_connect_data)
#undef g_strdup_printf
#define g_strdup_printf SG_VIPS_DL(g_strdup_printf)
#undef g_strlcpy
#define g_strlcpy SG_VIPS_DL(g_strlcpy)
#undef g_try_malloc
#define g_try_malloc SG_VIPS_DL(g_try_malloc)
#undef g_try_malloc0
#define g_try_malloc0 SG_VIPS_DL(g_try_malloc0)
#undef g_try_malloc0_n
#define g_try_malloc0_n SG_VIPS_DL(g_try_malloc0_n)
#undef g_try_malloc_n
#define g_try_malloc_n SG_VIPS_DL(g_try_malloc_n)
#undef g_type_check_instance_cast
#define g_type_check_instance_cast SG_VIPS_DL(g_type_check_instance_cast)
#undef g_type_from_name
#define g_type_from_name SG_VIPS_DL(g_type_from_name)
#undef vips_area_unref
#define vips_area_unref SG_VIPS_DL(vips_area_unref)
#undef vips_array_double_newv
#define vips_array_double_newv SG_VIPS_DL(vips_array_double_newv)
#undef vips_autorot
#define vips_autorot SG_VIPS_DL(vips_autorot)
#undef vips_bandjoin
#define vips_bandjoin SG_VIPS_DL(vips_bandjoin)
#undef vips_blob_copy
#define vips_blob_copy SG_VIPS_DL(vips_blob_copy)
#undef vips_blob_get
#define vips_blob_get SG_VIPS_DL(vips_blob_get)
#undef vips_block_untrusted_set
#define vips_block_untrusted_set SG_VIPS_DL(vips_block_untrusted_set)
#undef vips_cache_set_max
#define vips_cache_set_max SG_VIPS_DL(vips_cache_set_max)
#undef vips_cast
#define vips_cast SG_VIPS_DL(vips_cast)
#undef vips_colourspace
#define vips_colourspace SG_VIPS_DL(vips_colourspace)
#undef vips_concurrency_set
#define vips_concurrency_set SG_VIPS_DL(vips_concurrency_set)
#undef vips_copy
#define vips_copy SG_VIPS_DL(vips_copy)
#undef vips_crop
#define vips_crop SG_VIPS_DL(vips_crop)
#undef vips_error
#define vips_error SG_VIPS_DL(vips_error)
#undef vips_error_buffer_copy
#define vips_error_buffer_copy SG_VIPS_DL(vips_error_buffer_copy)
#undef vips_error_clear
#define vips_error_clear SG_VIPS_DL(vips_error_clear)
#undef vips_extract_band
#define vips_extract_band SG_VIPS_DL(vips_extract_band)
#undef vips_flatten
#define vips_flatten SG_VIPS_DL(vips_flatten)
#undef vips_foreign_find_load_buffer
#define vips_foreign_find_load_buffer SG_VIPS_DL(vips_foreign_find_load_buffer)
#undef vips_foreign_find_load_source
#define vips_foreign_find_load_source SG_VIPS_DL(vips_foreign_find_load_source)
#undef vips_foreign_find_save_buffer
#define vips_foreign_find_save_buffer SG_VIPS_DL(vips_foreign_find_save_buffer)
#undef vips_format_sizeof
#define vips_format_sizeof SG_VIPS_DL(vips_format_sizeof)
#undef vips_format_sizeof_unsafe
#define vips_format_sizeof_unsafe SG_VIPS_DL(vips_format_sizeof_unsafe)
#undef vips_icc_transform
#define vips_icc_transform SG_VIPS_DL(vips_icc_transform)
#undef vips_image_copy_memory
#define vips_image_copy_memory SG_VIPS_DL(vips_image_copy_memory)
#undef vips_image_generate
#define vips_image_generate SG_VIPS_DL(vips_image_generate)
#undef vips_image_get_int
#define vips_image_get_int SG_VIPS_DL(vips_image_get_int)
#undef vips_image_get_orientation
#define vips_image_get_orientation SG_VIPS_DL(vips_image_get_orientation)
#undef vips_image_get_typeof
#define vips_image_get_typeof SG_VIPS_DL(vips_image_get_typeof)
#undef vips_image_guess_interpretation
#define vips_image_guess_interpretation SG_VIPS_DL(vips_image_guess_interpretation)
#undef vips_image_hasalpha
#define vips_image_hasalpha SG_VIPS_DL(vips_image_hasalpha)
#undef vips_image_new
#define vips_image_new SG_VIPS_DL(vips_image_new)
#undef vips_image_new_from_buffer
#define vips_image_new_from_buffer SG_VIPS_DL(vips_image_new_from_buffer)
#undef vips_image_new_from_memory_copy
#define vips_image_new_from_memory_copy SG_VIPS_DL(vips_image_new_from_memory_copy)
#undef vips_image_new_from_source
#define vips_image_new_from_source SG_VIPS_DL(vips_image_new_from_source)
#undef vips_image_new_memory
#define vips_image_new_memory SG_VIPS_DL(vips_image_new_memory)
#undef vips_image_remove
#define vips_image_remove SG_VIPS_DL(vips_image_remove)
#undef vips_image_pipelinev
#define vips_image_pipelinev SG_VIPS_DL(vips_image_pipelinev)
#undef vips_image_set_int
#define vips_image_set_int SG_VIPS_DL(vips_image_set_int)
#undef vips_image_write_prepare
#define vips_image_write_prepare SG_VIPS_DL(vips_image_write_prepare)
#undef vips_image_write_to_buffer
#define vips_image_write_to_buffer SG_VIPS_DL(vips_image_write_to_buffer)
#undef vips_image_write_to_memory
#define vips_image_write_to_memory SG_VIPS_DL(vips_image_write_to_memory)
#undef vips_init
#define vips_init SG_VIPS_DL(vips_init)
#undef vips_jpegsave_buffer
#define vips_jpegsave_buffer SG_VIPS_DL(vips_jpegsave_buffer)
#undef vips_nickname_find
#define vips_nickname_find SG_VIPS_DL(vips_nickname_find)
#undef vips_object_get_type
#define vips_object_get_type SG_VIPS_DL(vips_object_get_type)
#undef vips_object_local_array
#define vips_object_local_array SG_VIPS_DL(vips_object_local_array)
#undef vips_object_local_cb
#define vips_object_local_cb SG_VIPS_DL(vips_object_local_cb)
#undef vips_object_map
#define vips_object_map SG_VIPS_DL(vips_object_map)
#undef vips_rect_includespoint
#define vips_rect_includespoint SG_VIPS_DL(vips_rect_includespoint)
#undef vips_region_new
#define vips_region_new SG_VIPS_DL(vips_region_new)
#undef vips_region_prepare
#define vips_region_prepare SG_VIPS_DL(vips_region_prepare)
#undef vips_resize
#define vips_resize SG_VIPS_DL(vips_resize)
#undef vips_source_new_from_file
#define vips_source_new_from_file SG_VIPS_DL(vips_source_new_from_file)
#undef vips_start_one
#define vips_start_one SG_VIPS_DL(vips_start_one)
#undef vips_stop_one
#define vips_stop_one SG_VIPS_DL(vips_stop_one)
#undef vips_text
#define vips_text SG_VIPS_DL(vips_text)
#undef vips_thread_shutdown
#define vips_thread_shutdown SG_VIPS_DL(vips_thread_shutdown)
#undef vips_version
#define vips_version SG_VIPS_DL(vips_version)

#endif
