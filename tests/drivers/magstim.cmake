# Magstim: the driver against a scripted device, the mock's dialect on its own, and the two
# together through a MockServer (in-process socket pair and a real pseudo-terminal).
stimbench_test(magstim_driver_test LABEL unit
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/magstim_driver_test.cpp
  LIBS stimbench::drivers stimbench::magstim_protocol)

stimbench_test(magstim_dialect_test LABEL unit
  SOURCES ${CMAKE_SOURCE_DIR}/tests/mock/magstim_dialect_test.cpp
          ${CMAKE_SOURCE_DIR}/tests/mock/magstim_modes_test.cpp
          ${CMAKE_SOURCE_DIR}/tests/mock/magstim_enhanced_train_test.cpp
  LIBS stimbench::mock stimbench::magstim_protocol)

stimbench_test(magstim_integration_test LABEL integration
  SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/magstim_integration_test.cpp
          ${CMAKE_SOURCE_DIR}/tests/mock/mock_test_io.cpp
  LIBS stimbench::drivers stimbench::mock stimbench::transport stimbench::magstim_protocol)
