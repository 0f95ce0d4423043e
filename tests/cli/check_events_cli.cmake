# Drives sluice-events as a user (or Lambda) would. EVENTS: the binary; DIR: this folder.
function(expect_events)
  cmake_parse_arguments(E "" "EXIT;NAME" "ARGS;OUT" ${ARGN})
  execute_process(COMMAND ${EVENTS} ${E_ARGS} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL E_EXIT)
    message(FATAL_ERROR "${E_NAME}: exit ${rc}, expected ${E_EXIT}\nstdout: ${out}\nstderr: ${err}")
  endif()
  foreach(text IN LISTS E_OUT)
    string(FIND "${out}" "${text}" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "${E_NAME}: stdout lacks '${text}':\n${out}")
    endif()
  endforeach()
endfunction()

expect_events(NAME "an HTTP API request" ARGS --invoke ${DIR}/get_pet.json EXIT 0
              OUT [=["body":"{\"source\":\"apigw-v2\",\"count\":1,\"ids\":[\"JKJaXmPLvHcESHA=\"]}"]=])
expect_events(NAME "an SQS batch" ARGS --invoke ${DIR}/sqs.json EXIT 0 OUT [=[{"batchItemFailures":[]}]=])
expect_events(NAME "an unknown event" ARGS --invoke ${DIR}/check_events_cli.cmake EXIT 1
              OUT [=[{"errorType":"Sluice.InvalidEvent"]=])
# Lambda refuses a payload that is not JSON; --invoke checks its file the same way, whole,
# even where the decoders would skip the broken value
get_filename_component(app_name ${EVENTS} NAME)
set(broken ${WORK}/not-json-for-${app_name}.json)  # one per binary: the two tests may run at once
file(WRITE ${broken} [=[{"httpMethod":"GET","path":"/a","junk":tru,"requestContext":{"requestId":"r"}}]=])
expect_events(NAME "not JSON in a value no decoder reads" ARGS --invoke ${broken} EXIT 1
              OUT [=[{"errorType":"Sluice.InvalidEvent","errorMessage":"the event is not valid JSON]=])
expect_events(NAME "help" ARGS --help EXIT 0 OUT "usage:" "ANY /{proxy+}")
message(STATUS "sluice-events' command line behaves as documented")
