# What `cmake --install` puts in place (docs/install.md): the headers; the CMake package
# (sluiceConfig.cmake, its version file, sluice::sluice's export, sluice_add_lambda) in
# share/cmake/sluice; pkg-config files for the library and each component in share/pkgconfig.
# Both live under share/: sluice is header-only, nothing in them depends on the architecture.
include(CMakePackageConfigHelpers)

set(SLUICE_INSTALL_CMAKEDIR "${CMAKE_INSTALL_DATADIR}/cmake/sluice" CACHE STRING
    "Where sluiceConfig.cmake is installed, relative to the prefix")
set(SLUICE_INSTALL_PKGCONFIGDIR "${CMAKE_INSTALL_DATADIR}/pkgconfig" CACHE STRING
    "Where sluice.pc is installed, relative to the prefix")

install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/sluice" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
        FILES_MATCHING PATTERN "*.hpp")

install(TARGETS sluice EXPORT sluiceTargets)
install(EXPORT sluiceTargets NAMESPACE sluice:: DESTINATION "${SLUICE_INSTALL_CMAKEDIR}")
configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/sluiceConfig.cmake.in"
                              "${PROJECT_BINARY_DIR}/sluiceConfig.cmake"
                              INSTALL_DESTINATION "${SLUICE_INSTALL_CMAKEDIR}" NO_SET_AND_CHECK_MACRO)
write_basic_package_version_file("${PROJECT_BINARY_DIR}/sluiceConfigVersion.cmake"
                                 COMPATIBILITY SameMajorVersion ARCH_INDEPENDENT)
install(FILES "${PROJECT_BINARY_DIR}/sluiceConfig.cmake" "${PROJECT_BINARY_DIR}/sluiceConfigVersion.cmake"
              "${PROJECT_SOURCE_DIR}/cmake/SluiceLambda.cmake" "${PROJECT_SOURCE_DIR}/cmake/SluiceLambdaCompat.cpp"
        DESTINATION "${SLUICE_INSTALL_CMAKEDIR}")

# pkg-config: sluice, and one file per component, named as in the CMake package. The prefix is
# found from the file's own place, so the tree can be moved (and `cmake --install --prefix`
# works without reconfiguring).
if(IS_ABSOLUTE "${SLUICE_INSTALL_PKGCONFIGDIR}")
  message(FATAL_ERROR "sluice: SLUICE_INSTALL_PKGCONFIGDIR must be relative to the prefix")
endif()
file(RELATIVE_PATH PC_PREFIX_FROM_PCFILEDIR "/${SLUICE_INSTALL_PKGCONFIGDIR}" "/")
string(REGEX REPLACE "/$" "" PC_PREFIX_FROM_PCFILEDIR "${PC_PREFIX_FROM_PCFILEDIR}")  # "../../"
if(IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(PC_INCLUDEDIR "${CMAKE_INSTALL_INCLUDEDIR}")
else()
  set(PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
# name | description | Requires | Libs | Requires.private. sluice-jwt: libcrypto's Cflags (its
# headers) but not its Libs: jwt.hpp loads libcrypto.so.3 on first use (docs/auth.md).
set(_sluice_pc_files
    "sluice|${PROJECT_DESCRIPTION}|simdjson||"
    "sluice-jwt|sluice's local JWT verification (sluice/jwt.hpp)|sluice|-ldl|libcrypto >= 3"
    "sluice-compression|sluice's gzip of answers and request bodies (sluice/compression.hpp)|sluice, zlib||"
    "sluice-serve|sluice's local HTTP gateway (sluice/serve.hpp)|sluice, cpp-httplib|-pthread|")
foreach(_sluice_pc IN LISTS _sluice_pc_files)
  string(REPLACE "|" ";" _sluice_pc "${_sluice_pc}")
  list(GET _sluice_pc 0 PC_NAME)
  list(GET _sluice_pc 1 PC_DESCRIPTION)
  list(GET _sluice_pc 2 PC_REQUIRES)
  list(GET _sluice_pc 3 PC_LIBS)
  list(GET _sluice_pc 4 PC_REQUIRES_PRIVATE)
  configure_file("${PROJECT_SOURCE_DIR}/cmake/sluice.pc.in" "${PROJECT_BINARY_DIR}/pkgconfig/${PC_NAME}.pc" @ONLY)
  install(FILES "${PROJECT_BINARY_DIR}/pkgconfig/${PC_NAME}.pc" DESTINATION "${SLUICE_INSTALL_PKGCONFIGDIR}")
endforeach()
