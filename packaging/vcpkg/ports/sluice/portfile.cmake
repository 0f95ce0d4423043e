# sluice is header-only: one configuration, nothing built.
set(VCPKG_BUILD_TYPE release)

vcpkg_from_github(
    OUT_SOURCE_PATH SOURCE_PATH
    REPO sluice-cpp/sluice
    REF "v${VERSION}"
    SHA512 0
    HEAD_REF main
)

vcpkg_cmake_configure(
    SOURCE_PATH "${SOURCE_PATH}"
    OPTIONS
        -DSLUICE_INSTALL=ON
        -DSLUICE_BUILD_TESTS=OFF
        -DSLUICE_BUILD_EXAMPLES=OFF
        -DSLUICE_BUILD_BENCHMARKS=OFF
)
vcpkg_cmake_install()
# The CMake package is installed to share/cmake/sluice (it is architecture-independent).
vcpkg_cmake_config_fixup(CONFIG_PATH share/cmake/sluice)

# One pkg-config file per component: keep those whose feature is installed. vcpkg's cpp-httplib
# has no pkg-config file, so sluice-serve.pc could never resolve here.
foreach(feature IN ITEMS jwt compression)
    if(NOT feature IN_LIST FEATURES)
        file(REMOVE "${CURRENT_PACKAGES_DIR}/share/pkgconfig/sluice-${feature}.pc")
    endif()
endforeach()
file(REMOVE "${CURRENT_PACKAGES_DIR}/share/pkgconfig/sluice-serve.pc")
vcpkg_fixup_pkgconfig()

file(INSTALL "${CMAKE_CURRENT_LIST_DIR}/usage" DESTINATION "${CURRENT_PACKAGES_DIR}/share/${PORT}")
vcpkg_install_copyright(FILE_LIST "${SOURCE_PATH}/LICENSE")
