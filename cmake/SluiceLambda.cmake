# sluice_add_lambda(<target> [ZIP_NAME <name>])
#
# Packages the executable <target> for AWS Lambda's provided.al2023 runtime: <name>.zip (default
# <target>.zip, next to the target's build files) with `bootstrap` at its root: the executable,
# stripped, mode 755, with the C++ standard library linked in (-static-libstdc++). What it may
# still need from the system is what provided.al2023 has: glibc 2.34, GCC 11's libgcc_s.so.1
# and libstdc++.so.6, OpenSSL 3.0's libcrypto.so.3 and libssl.so.3, zlib (the AL2023-minimal
# base carries them for microdnf and curl). Any other shared library (on Debian: simdjson,
# which has no static library) is bundled in lib/, found
# through bootstrap's DT_RPATH $ORIGIN/lib, which the loader searches before Lambda's
# LD_LIBRARY_PATH. Packaging fails, saying why, when a file needs a newer symbol version than
# those, or a library it cannot find. Built by `all`; `<name>-zip` builds only it.
# See docs/deploy.md.
#
#   add_executable(my-api main.cpp)
#   target_link_libraries(my-api PRIVATE sluice::sluice)
#   sluice_add_lambda(my-api)            # -> my-api.zip
#
# The same file, run with `cmake -P`, is the packaging step itself.

if(NOT CMAKE_SCRIPT_MODE_FILE)
  function(sluice_add_lambda target)
    # this file's own place, whatever scope calls the function (CMake 3.17)
    set(_sluice_lambda_script "${CMAKE_CURRENT_FUNCTION_LIST_FILE}")
    set(_sluice_lambda_compat "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/SluiceLambdaCompat.cpp")
    cmake_parse_arguments(arg "" "ZIP_NAME" "" ${ARGN})
    if(arg_UNPARSED_ARGUMENTS)
      message(FATAL_ERROR "sluice_add_lambda(${target}): unknown arguments ${arg_UNPARSED_ARGUMENTS}; "
                          "it takes ZIP_NAME <name>")
    endif()
    if(NOT TARGET ${target})
      message(FATAL_ERROR "sluice_add_lambda(${target}): no such target; call it after add_executable(${target} ...)")
    endif()
    get_target_property(type ${target} TYPE)
    if(NOT type STREQUAL "EXECUTABLE")
      message(FATAL_ERROR "sluice_add_lambda(${target}): ${target} is a ${type}; Lambda's bootstrap is an executable")
    endif()
    if(NOT arg_ZIP_NAME)
      set(arg_ZIP_NAME ${target})
    endif()
    if(CMAKE_READELF)
      set(readelf ${CMAKE_READELF})
    else()
      find_program(SLUICE_READELF NAMES readelf llvm-readelf)
      set(readelf ${SLUICE_READELF})
    endif()
    if(NOT readelf)
      message(FATAL_ERROR "sluice_add_lambda(${target}): readelf not found (Debian: binutils); it checks what bootstrap needs")
    endif()
    if(NOT CMAKE_STRIP OR NOT CMAKE_OBJDUMP)
      message(FATAL_ERROR "sluice_add_lambda(${target}): strip or objdump not found (Debian: binutils)")
    endif()

    # libgcc stays shared: built against glibc 2.35 or newer, its static unwinder needs
    # _dl_find_object (GLIBC_2.35). DT_RPATH, not RUNPATH: searched before LD_LIBRARY_PATH,
    # which on Lambda lists /lib64 first.
    target_link_options(${target} PRIVATE -static-libstdc++ LINKER:--disable-new-dtags)
    target_sources(${target} PRIVATE "${_sluice_lambda_compat}")  # arc4random, see the file
    set_target_properties(${target} PROPERTIES BUILD_RPATH "\$ORIGIN/lib")
    set(stage "${CMAKE_CURRENT_BINARY_DIR}/${arg_ZIP_NAME}.lambda")
    set(zip "${CMAKE_CURRENT_BINARY_DIR}/${arg_ZIP_NAME}.zip")
    add_custom_command(
      OUTPUT "${zip}"
      COMMAND ${CMAKE_COMMAND} "-DINPUT=$<TARGET_FILE:${target}>" "-DSTAGE=${stage}" "-DZIP=${zip}"
              "-DSTRIP=${CMAKE_STRIP}" "-DREADELF=${readelf}" "-DOBJDUMP=${CMAKE_OBJDUMP}" -P "${_sluice_lambda_script}"
      DEPENDS ${target} "${_sluice_lambda_script}"
      COMMENT "Packaging ${target} as bootstrap in ${arg_ZIP_NAME}.zip"
      VERBATIM)
    add_custom_target(${arg_ZIP_NAME}-zip ALL DEPENDS "${zip}")
    set_target_properties(${target} PROPERTIES SLUICE_LAMBDA_ZIP "${zip}")
  endfunction()
  return()
endif()

# ---- the packaging step: INPUT, STAGE, ZIP, STRIP, READELF, OBJDUMP --------------------------
# What provided.al2023 has, and the newest symbol version of each.
set(system_libraries "^(libc\\.so\\.6|libm\\.so\\.6|libpthread\\.so\\.0|libdl\\.so\\.2|librt\\.so\\.1|ld-linux[-a-z0-9_]*\\.so\\.[0-9]+|libgcc_s\\.so\\.1|libstdc\\+\\+\\.so\\.6|libcrypto\\.so\\.3|libssl\\.so\\.3|libz\\.so\\.1)$")
set(newest_allowed GLIBC 2.34 GLIBCXX 3.4.29 CXXABI 1.3.13 GCC 7.0.0 OPENSSL 3.0.0 ZLIB 1.2.11)

file(REMOVE_RECURSE "${STAGE}")
file(MAKE_DIRECTORY "${STAGE}/lib")
set(bootstrap "${STAGE}/bootstrap")
execute_process(COMMAND "${STRIP}" --strip-all -o "${bootstrap}" "${INPUT}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "sluice_add_lambda: strip failed on ${INPUT}")
endif()
file(CHMOD "${bootstrap}" FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
                                           WORLD_READ WORLD_EXECUTE)

# The other shared libraries, with theirs, into lib/ (as the loader resolves them here).
set(CMAKE_GET_RUNTIME_DEPENDENCIES_PLATFORM "linux+elf")
set(CMAKE_GET_RUNTIME_DEPENDENCIES_TOOL "objdump")
set(CMAKE_GET_RUNTIME_DEPENDENCIES_COMMAND "${OBJDUMP}")
file(GET_RUNTIME_DEPENDENCIES EXECUTABLES "${INPUT}" RESOLVED_DEPENDENCIES_VAR bundled
     UNRESOLVED_DEPENDENCIES_VAR unresolved PRE_EXCLUDE_REGEXES "${system_libraries}")
if(unresolved)
  message(FATAL_ERROR "sluice_add_lambda: ${INPUT} needs ${unresolved}, which the loader cannot find here; "
                      "link it statically, or make it findable (LD_LIBRARY_PATH) so that it can be bundled")
endif()
set(files "${bootstrap}")
foreach(library IN LISTS bundled)
  get_filename_component(name "${library}" NAME)
  execute_process(COMMAND "${STRIP}" --strip-unneeded -o "${STAGE}/lib/${name}" "${library}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "sluice_add_lambda: strip failed on ${library}")
  endif()
  list(APPEND files "${STAGE}/lib/${name}")
endforeach()

# No file may need a symbol version the system libraries of provided.al2023 lack.
set(needs "")
foreach(f IN LISTS files)
  execute_process(COMMAND "${READELF}" --version-info --wide "${f}" OUTPUT_VARIABLE elf RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "sluice_add_lambda: ${READELF} cannot read ${f}")
  endif()
  get_filename_component(file_name "${f}" NAME)
  set(allowed ${newest_allowed})
  while(allowed)
    list(POP_FRONT allowed prefix limit)
    string(REGEX MATCHALL "Name: ${prefix}_[0-9.]+" versions "${elf}")
    set(newest "0")
    foreach(v IN LISTS versions)
      string(REPLACE "Name: ${prefix}_" "" v "${v}")
      if(v VERSION_GREATER newest)
        set(newest "${v}")
      endif()
    endforeach()
    if(newest VERSION_GREATER limit)
      message(FATAL_ERROR "sluice_add_lambda: ${file_name} needs ${prefix}_${newest}, newer than provided.al2023's "
                          "${prefix}_${limit}: build on a system with glibc 2.34 and GCC 11 (an amazonlinux:2023 "
                          "container), or find what uses it with: readelf --dyn-syms --wide ${f} | grep ${prefix}_${newest}")
    endif()
    if(prefix STREQUAL "GLIBC" AND f STREQUAL bootstrap)
      set(needs "glibc ${newest}")
    endif()
  endwhile()
endforeach()

# A fixed time stamp: the same binary gives the same zip, so a deploy sees no change.
set(entries bootstrap)
if(bundled)
  list(APPEND entries lib)
endif()
file(REMOVE "${ZIP}")
execute_process(COMMAND "${CMAKE_COMMAND}" -E tar cf "${ZIP}" --format=zip "--mtime=2000-01-01 00:00:00 UTC" ${entries}
                WORKING_DIRECTORY "${STAGE}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "sluice_add_lambda: could not write ${ZIP}")
endif()
file(SIZE "${bootstrap}" size)
math(EXPR kib "${size} / 1024")
set(with "")
foreach(library IN LISTS bundled)
  get_filename_component(name "${library}" NAME)
  file(SIZE "${STAGE}/lib/${name}" lib_size)
  math(EXPR lib_kib "${lib_size} / 1024")
  string(APPEND with ", lib/${name} ${lib_kib} KiB")
endforeach()
message(STATUS "sluice_add_lambda: ${ZIP}: bootstrap ${kib} KiB${with} (stripped), needs ${needs}")
