# MagVenture MagPro: driver against a scripted transport, the mock's dialect, and the two
# together over a pseudo-terminal. The tests use the codec directly, so they link it too.
stimbench_test(magventure_driver_test LABEL unit
  SOURCES ${CMAKE_SOURCE_DIR}/tests/drivers/magventure_driver_test.cpp
          ${CMAKE_SOURCE_DIR}/tests/drivers/magventure_replies_test.cpp
          ${CMAKE_SOURCE_DIR}/tests/drivers/magventure_timing_codec_test.cpp
  LIBS stimbench::drivers stimbench::magventure_protocol)

stimbench_test(magventure_dialect_test LABEL unit
  SOURCES ${CMAKE_SOURCE_DIR}/tests/mock/magventure_dialect_test.cpp
  LIBS stimbench::mock stimbench::magventure_protocol)

stimbench_test(magventure_integration_test LABEL integration
  SOURCES ${CMAKE_SOURCE_DIR}/tests/drivers/magventure_integration_test.cpp
          ${CMAKE_SOURCE_DIR}/tests/mock/mock_test_io.cpp
  LIBS stimbench::drivers stimbench::mock stimbench::transport stimbench::magventure_protocol)
