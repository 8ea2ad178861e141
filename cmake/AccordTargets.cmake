# Helpers shared by every module's CMakeLists.txt.

# Our own code builds with warnings as errors; third-party headers are
# included as system headers and do not count.
function(accord_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Werror)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    # GCC 12 at -O3 reports -Wrestrict inside libstdc++'s std::string
    # concatenation for correct code (GCC bug 105651, fixed in GCC 13).
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
endfunction()

# accord_module(NAME SOURCES ... DEPS ...): the library of one module, named
# accord_<NAME>, whose headers are included as "<NAME>/file.h" from src/.
function(accord_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(accord_${name} STATIC ${M_SOURCES})
  target_include_directories(accord_${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(accord_${name} PUBLIC ${M_DEPS} PRIVATE ${M_PRIVATE_DEPS})
  accord_warnings(accord_${name})
  if(ACCORD_FUZZ)
    # Instrument library code for coverage-guided fuzzing.
    target_compile_options(accord_${name} PRIVATE -fsanitize=fuzzer-no-link
      -fsanitize=address,undefined -fno-sanitize=function -fno-omit-frame-pointer)
  endif()
endfunction()

# accord_embed(TARGET SYMBOL FILE): compiles FILE's bytes into TARGET as
#   extern const std::string_view SYMBOL;   (in namespace accord::embedded)
# so that the binary carries its reference data (data/...) and works from any
# directory. The data stays a plain file in data/, reviewed as data.
function(accord_embed target symbol file)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/embedded_${symbol}.cc")
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DINPUT=${file} -DOUTPUT=${out} -DSYMBOL=${symbol}
            -P ${PROJECT_SOURCE_DIR}/cmake/embed_file.cmake
    DEPENDS "${file}" ${PROJECT_SOURCE_DIR}/cmake/embed_file.cmake
    COMMENT "Embedding ${file}")
  target_sources(${target} PRIVATE "${out}")
endfunction()

# accord_test(NAME SOURCES ... LIBS ... [LABELS ...]): one GoogleTest program,
# each of its tests registered with CTest. Tests find the source tree and
# the accord binary through the compile definitions ACCORD_TEST_SOURCE_DIR
# and ACCORD_TEST_BINARY, and the conformance data through the environment
# variable ACCORD_SHARED_DATA (so that it can be pointed elsewhere at run
# time).
function(accord_test name)
  cmake_parse_arguments(T "" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} GTest::gmock GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    ACCORD_TEST_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    ACCORD_TEST_BINARY="${PROJECT_BINARY_DIR}/accord")
  accord_warnings(${name})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 120)
  endif()
  # gtest_discover_tests writes PROPERTIES as one flat list: an empty LABELS
  # value or a list-valued ENVIRONMENT would shift the pairs, so each value
  # here is a single non-empty item.
  set(properties TIMEOUT ${T_TIMEOUT} ENVIRONMENT "ACCORD_SHARED_DATA=${ACCORD_SHARED_DATA}")
  if(T_LABELS)
    string(REPLACE ";" "\\;" labels "${T_LABELS}")
    list(APPEND properties LABELS "${labels}")
  endif()
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST PROPERTIES ${properties})
endfunction()
