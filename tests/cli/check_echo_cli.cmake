# Drives sluice-echo as a user would. ECHO: the binary; DIR: this folder.
function(expect_run)
  cmake_parse_arguments(E "" "EXIT;STDIN;NAME" "ARGS;OUT;ERR" ${ARGN})
  if(E_STDIN)
    execute_process(COMMAND ${ECHO} ${E_ARGS} INPUT_FILE ${E_STDIN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  else()
    execute_process(COMMAND ${ECHO} ${E_ARGS} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  endif()
  if(NOT rc EQUAL E_EXIT)
    message(FATAL_ERROR "${E_NAME}: exit ${rc}, expected ${E_EXIT}\nstdout: ${out}\nstderr: ${err}")
  endif()
  foreach(text IN LISTS E_OUT)
    string(FIND "${out}" "${text}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "${E_NAME}: stdout lacks '${text}':\n${out}")
    endif()
  endforeach()
  foreach(text IN LISTS E_ERR)
    string(FIND "${err}" "${text}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "${E_NAME}: stderr lacks '${text}':\n${err}")
    endif()
  endforeach()
endfunction()

set(pet_answer [=[{"statusCode":200,"headers":{"Content-Type":"application/json","Vary":"Origin","X-Request-Id":"JKJaXmPLvHcESHA="},"body":"{\"route\":\"GET /pets/{id}\",\"params\":{\"id\":7}}","isBase64Encoded":false}]=])
expect_run(NAME "invoke a file" ARGS --invoke ${DIR}/get_pet.json EXIT 0 OUT "${pet_answer}\n")
expect_run(NAME "invoke stdin" ARGS --invoke - STDIN ${DIR}/get_pet.json EXIT 0 OUT "${pet_answer}\n")
expect_run(NAME "unsupported event" ARGS --invoke ${DIR}/sqs.json EXIT 1
           OUT [=[{"errorType":"Sluice.UnsupportedEvent","errorMessage":"expected an HTTP event]=])
expect_run(NAME "help" ARGS --help EXIT 0 OUT "usage:" "--invoke FILE" "AWS_LAMBDA_RUNTIME_API" "GET /pets/{id}" "ANY /files/{key+}")
expect_run(NAME "unknown argument" ARGS --bogus EXIT 2 ERR "unknown argument '--bogus'" "usage:")
expect_run(NAME "missing file" ARGS --invoke ${DIR}/does-not-exist.json EXIT 2 ERR "cannot open")
expect_run(NAME "invoke without file" ARGS --invoke EXIT 2 ERR "--invoke needs one FILE")
message(STATUS "sluice-echo's command line behaves as documented")

# --emit: the documents of the route table (their content: tests/unit/emit_test.cpp,
# tests/openapi/, tests/package/check_emitted_sam.py)
expect_run(NAME "emit openapi" ARGS --emit openapi EXIT 0
           OUT [=[{"openapi":"3.1.0","info":{"title":"sluice-echo","version":"1.0.0"}]=] [=["/pets/{id}":{"get":]=])
expect_run(NAME "emit sam" ARGS --emit sam EXIT 0
           OUT "Transform: AWS::Serverless-2016-10-31\n" "      Runtime: provided.al2023\n" "CodeUri: \"sluice-echo.zip\"")
expect_run(NAME "emit without a kind" ARGS --emit EXIT 2 ERR "--emit needs one of: openapi, sam")
expect_run(NAME "emit an unknown kind" ARGS --emit swagger EXIT 2 ERR "--emit needs one of: openapi, sam")
expect_run(NAME "help lists emit" ARGS --help EXIT 0 OUT "  --emit openapi  print the OpenAPI 3.1 document")

# A bearer token (HS256, get_me_token.json, signed with "echo-cli-test-secret-of-thirty-two-bytes") on the
# local_token route GET /me: verified with the libcrypto loaded on first use; when that library
# cannot be loaded, a 500 that names nothing, and an ERROR line that names the library. Built
# with SLUICE_JWT_LINK_OPENSSL (JWT_LINKED), libcrypto is linked and SLUICE_LIBCRYPTO not read.
function(invoke_with_env name expect_status expect_err)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env ${ARGN} ${ECHO} --invoke ${DIR}/get_me_token.json
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0 OR NOT out MATCHES "\"statusCode\":${expect_status}[,}]")
    message(FATAL_ERROR "${name}: exit ${rc}, expected status ${expect_status}\nstdout: ${out}\nstderr: ${err}")
  endif()
  if(expect_err AND NOT err MATCHES "${expect_err}")
    message(FATAL_ERROR "${name}: stderr does not match '${expect_err}':\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()
invoke_with_env("token verified" 200 "" SLUICE_JWT_SECRET=echo-cli-test-secret-of-thirty-two-bytes)
string(FIND "${out}" [=[\"sub\":\"cli-user\"]=] at)
if(at EQUAL -1)
  message(FATAL_ERROR "token verified: the answer lacks the token's subject:\n${out}")
endif()
invoke_with_env("token with another key" 401 "" SLUICE_JWT_SECRET=another-secret-of-thirty-two-bytes)
if(JWT_LINKED)
  invoke_with_env("SLUICE_LIBCRYPTO ignored when linked" 200 ""
                  SLUICE_JWT_SECRET=echo-cli-test-secret-of-thirty-two-bytes SLUICE_LIBCRYPTO=/nonexistent/libcrypto-for-sluice-test.so.3)
else()
  invoke_with_env("libcrypto missing" 500
                  "\"level\":\"ERROR\".*OpenSSL 3 could not be loaded \\(/nonexistent/libcrypto-for-sluice-test\\.so\\.3: "
                  SLUICE_JWT_SECRET=echo-cli-test-secret-of-thirty-two-bytes SLUICE_LIBCRYPTO=/nonexistent/libcrypto-for-sluice-test.so.3)
  if(out MATCHES "libcrypto|OpenSSL")
    message(FATAL_ERROR "libcrypto missing: the answer tells the client about the server:\n${out}")
  endif()
endif()
message(STATUS "sluice-echo verifies tokens with libcrypto loaded on first use, and answers 500 without it")
